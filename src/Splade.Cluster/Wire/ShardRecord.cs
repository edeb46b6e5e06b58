namespace Splade.Cluster.Wire;

/// <summary>A point read from a shard: its engine id, its payload as JSON, and the vectors and version a read asked for.</summary>
[GenerateSerializer]
[Immutable]
internal sealed class ShardRecord
{
    [Id(0)]
    public required string Id { get; init; }

    [Id(1)]
    public string? Payload { get; init; }

    /// <summary>The number of the shard operation that last wrote the point.</summary>
    [Id(2)]
    public long Version { get; init; }

    /// <summary>The selected vectors, or null when none were asked for.</summary>
    [Id(3)]
    public Dictionary<string, WireVector>? Vectors { get; init; }
}
