namespace Splade.Server.Storage;

/// <summary>How query weights of a sparse vector are adjusted at search time, with Qdrant's names.</summary>
internal enum SparseModifier
{
    /// <summary>Query weights are used as given.</summary>
    None,

    /// <summary>Each query weight is multiplied by the term's inverse document frequency over the collection,
    /// <c>ln(1 + (N - df + 0.5) / (df + 0.5))</c> with N the points that have this vector and df those whose vector has the term.</summary>
    Idf,
}
