using System.Text.Json.Nodes;

namespace Splade.Retrieval.Hybrid;

/// <summary>One result of a hybrid or two-stage search.</summary>
/// <param name="Id">The document id.</param>
/// <param name="Score">The fused score the results are ordered by.</param>
/// <param name="SparseScore">The document's sparse score for the query.</param>
/// <param name="DenseScore">The document's dense similarity to the query; null when the document has no dense vector.</param>
/// <param name="SparseRank">The 1-based rank on the sparse side, or 0 when the sparse side did not retrieve it.</param>
/// <param name="DenseRank">The 1-based rank on the dense side, or 0 when the dense side did not retrieve it.</param>
/// <remarks>
/// Thread safety: immutable, except the JSON object it carries: System.Text.Json nodes are not thread-safe (not even to read, they are built lazily), so give
/// each thread its own copy (DeepClone) when several read it.
/// </remarks>
public sealed record HybridHit(string Id, double Score, float SparseScore, float? DenseScore, int SparseRank, int DenseRank)
{
    /// <summary>The document's metadata, when it has any (as on the index's <see cref="Index.SearchHit"/>).</summary>
    public JsonObject? Metadata { get; init; }

    /// <summary>The document's text, when it has any.</summary>
    public string? Text { get; init; }
}
