namespace Splade.Server;

/// <summary>The limits every request is held to; each exceeded limit is answered with a 4xx naming it.</summary>
/// <remarks>Thread safety: immutable (init-only properties), so one instance may be shared by any number of threads; a collection or object it refers to is not
/// copied, so leave that unchanged while the options are in use.</remarks>
public sealed record ServerLimits
{
    /// <summary>The largest request body, in bytes (Qdrant's default: 32 MiB).</summary>
    public long MaxBodyBytes { get; init; } = 32L * 1024 * 1024;

    /// <summary>The most points one upsert, vector update or id list may hold.</summary>
    public int MaxBatchPoints { get; init; } = 10_000;

    /// <summary>The longest text a document to encode may have, in characters.</summary>
    public int MaxTextLength { get; init; } = 100_000;

    /// <summary>The most non-zero entries a sparse vector may have.</summary>
    public int MaxNonZeros { get; init; } = 65_536;

    /// <summary>The largest <c>limit</c> (plus <c>offset</c>) of a query, search or scroll.</summary>
    public int MaxLimit { get; init; } = 10_000;

    /// <summary>How deeply filter clauses and nested conditions may nest.</summary>
    public int MaxFilterDepth { get; init; } = 16;

    /// <summary>How deeply prefetches may nest.</summary>
    public int MaxPrefetchDepth { get; init; } = 8;

    /// <summary>The most queries one batch request may hold, and the most texts one encode or similarity request may hold.</summary>
    public int MaxBatchQueries { get; init; } = 256;

    /// <summary>The largest dense vector size a collection may declare.</summary>
    public int MaxDenseSize { get; init; } = 65_536;
}
