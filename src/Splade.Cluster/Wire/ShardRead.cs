namespace Splade.Cluster.Wire;

/// <summary>A read of one shard's points: by ids (in the order given), or a page in id order from an offset, optionally filtered.</summary>
[GenerateSerializer]
[Immutable]
internal sealed class ShardRead
{
    /// <summary>The engine ids to read, or null to page through the shard.</summary>
    [Id(0)]
    public string[]? Ids { get; init; }

    /// <summary>A Qdrant filter as JSON, or null (paging only).</summary>
    [Id(1)]
    public string? Filter { get; init; }

    /// <summary>The engine id the page starts at (inclusive), or null for the first (paging only).</summary>
    [Id(2)]
    public string? Offset { get; init; }

    /// <summary>How many points a page holds at most (paging only).</summary>
    [Id(3)]
    public int Limit { get; init; }

    [Id(4)]
    public bool WithPayload { get; init; }

    /// <summary>Every vector of each point.</summary>
    [Id(5)]
    public bool AllVectors { get; init; }

    /// <summary>Only these vectors (when <see cref="AllVectors"/> is false); null or empty for none.</summary>
    [Id(6)]
    public string[]? VectorNames { get; init; }
}
