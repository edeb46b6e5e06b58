namespace Splade.Retrieval.Hybrid;

/// <summary>Why a document got its hybrid score: the matched sparse terms, the dense similarity, the fused score.</summary>
/// <param name="Id">The document id.</param>
/// <param name="Terms">The terms shared by query and document, largest contribution first; their contributions sum to <paramref name="SparseScore"/>.</param>
/// <param name="SparseScore">The sparse dot product.</param>
/// <param name="DenseSimilarity">The dense inner product (the cosine for unit-norm embeddings); null when the document has no dense vector.</param>
/// <param name="FusedScore">The score the document was ranked by.</param>
/// <param name="Method">The fusion method that produced <paramref name="FusedScore"/>.</param>
/// <remarks>Thread safety: an immutable value; it may be shared between threads.</remarks>
public sealed record HybridExplanation(
    string Id,
    IReadOnlyList<TermContribution> Terms,
    float SparseScore,
    float? DenseSimilarity,
    double FusedScore,
    FusionMethod Method);
