namespace Splade.Cluster.Wire;

/// <summary>One hit of a shard's search: the point's engine id, its score and its payload as JSON (when asked for).</summary>
[GenerateSerializer]
[Immutable]
internal sealed class ShardHit
{
    [Id(0)]
    public required string Id { get; init; }

    [Id(1)]
    public float Score { get; init; }

    [Id(2)]
    public string? Payload { get; init; }
}
