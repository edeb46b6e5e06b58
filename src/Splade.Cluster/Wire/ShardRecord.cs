namespace Splade.Cluster.Wire;

/// <summary>A point read from a shard: its engine id and its payload as JSON.</summary>
[GenerateSerializer]
[Immutable]
internal sealed class ShardRecord
{
    [Id(0)]
    public required string Id { get; init; }

    [Id(1)]
    public string? Payload { get; init; }
}
