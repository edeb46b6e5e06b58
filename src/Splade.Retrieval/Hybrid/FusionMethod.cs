namespace Splade.Retrieval.Hybrid;

/// <summary>How a hybrid search combines the sparse and the dense side into one score.</summary>
/// <remarks>Thread safety: an enumeration; its values are immutable and may be shared between threads.</remarks>
public enum FusionMethod
{
    /// <summary>Reciprocal rank fusion: the sum over both sides of <c>1 / (k + rank)</c>; scores are ignored, only ranks count.</summary>
    ReciprocalRank,

    /// <summary>Convex combination of normalised scores: <c>(1 - alpha) * norm(sparse) + alpha * norm(dense)</c>.</summary>
    Convex,

    /// <summary>
    /// Pinecone's hybrid form: the sparse query weights scaled by <c>1 - alpha</c>, the dense query by <c>alpha</c>, and one
    /// dot product over both, which equals <c>(1 - alpha) * sparseDot + alpha * denseDot</c> on raw scores.
    /// </summary>
    Alpha,
}
