using System.Text.Json.Nodes;

namespace Splade.Retrieval.Hybrid;

/// <summary>One document of a hybrid candidate pool with its exact score on both sides and its rank in each side's list.</summary>
/// <param name="Id">The document id.</param>
/// <param name="SparseScore">The exact sparse score (query-document dot product), 0 when no term matches.</param>
/// <param name="DenseScore">The exact dense similarity; null when the document has no dense vector.</param>
/// <param name="SparseRank">The 1-based rank in the sparse side's retrieved list, or 0 when that side did not retrieve it.</param>
/// <param name="DenseRank">The 1-based rank in the dense side's retrieved list, or 0 when that side did not retrieve it.</param>
internal readonly record struct FusionCandidate(string Id, float SparseScore, float? DenseScore, int SparseRank, int DenseRank)
{
    /// <summary>The document's metadata, carried to its hit.</summary>
    public JsonObject? Metadata { get; init; }

    /// <summary>The document's text, carried to its hit.</summary>
    public string? Text { get; init; }
}
