namespace Splade.Cli.Search;

/// <summary>How <c>splade search</c> searches an index (<c>--mode</c>).</summary>
internal enum SearchMode
{
    /// <summary>The sparse vectors only.</summary>
    Sparse,

    /// <summary>The dense vectors only (documents without one are not found).</summary>
    Dense,

    /// <summary>Both sides, each retrieving candidates, fused (<c>--fusion</c>).</summary>
    Hybrid,

    /// <summary>A sparse first stage reranked by dense similarity, or fused with it (<c>--fusion</c>).</summary>
    TwoStage,
}
