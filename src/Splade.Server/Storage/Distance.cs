namespace Splade.Server.Storage;

/// <summary>How a dense vector is compared with queries, with Qdrant's names.</summary>
internal enum Distance
{
    /// <summary>Cosine similarity: vectors are normalised when written, queries when searched, then compared by dot product.</summary>
    Cosine,

    /// <summary>The dot product of the stored vector and the query.</summary>
    Dot,

    /// <summary>Euclidean distance (refused at creation: not supported).</summary>
    Euclid,

    /// <summary>Manhattan distance (refused at creation: not supported).</summary>
    Manhattan,
}
