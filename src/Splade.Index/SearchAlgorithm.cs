namespace Splade.Index;

/// <summary>The strategies a sparse search can use; <see cref="SearchResults.Algorithm"/> reports the one that ran.</summary>
/// <remarks>Thread safety: an enumeration; its values are immutable and may be shared between threads.</remarks>
public enum SearchAlgorithm
{
    /// <summary>Let the index choose: term-at-a-time for small collections, MaxScore for large ones.</summary>
    Auto,

    /// <summary>Exact: accumulate every posting of every query term into a per-document score array.</summary>
    TermAtATime,

    /// <summary>Exact: document-at-a-time with MaxScore dynamic pruning, skipping documents that cannot enter the top k.</summary>
    MaxScore,

    /// <summary>Exact: score every live document from its forward vector; the reference the other algorithms are tested against.</summary>
    BruteForce,

    /// <summary>
    /// Approximate: each sealed segment's approximate index (block summaries, exact re-scoring); buffered documents and segments without one are searched
    /// exactly.
    /// </summary>
    Approximate,
}
