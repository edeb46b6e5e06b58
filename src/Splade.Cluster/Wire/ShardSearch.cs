namespace Splade.Cluster.Wire;

/// <summary>A nearest-vector search sent to one replica of every shard.</summary>
[GenerateSerializer]
[Immutable]
internal sealed class ShardSearch
{
    /// <summary>The named vector searched.</summary>
    [Id(0)]
    public required string Using { get; init; }

    [Id(1)]
    public required WireVector Vector { get; init; }

    /// <summary>A Qdrant filter as JSON, or null.</summary>
    [Id(2)]
    public string? Filter { get; init; }

    /// <summary>How many hits the shard returns (the caller's limit plus offset).</summary>
    [Id(3)]
    public int Limit { get; init; }

    [Id(4)]
    public float? ScoreThreshold { get; init; }

    [Id(5)]
    public bool WithPayload { get; init; }

    /// <summary>The whole collection's statistics for a sparse vector with the idf modifier, so that every shard weighs the query
    /// as a single machine holding every point would.</summary>
    [Id(6)]
    public WireTermStatistics? Statistics { get; init; }
}
