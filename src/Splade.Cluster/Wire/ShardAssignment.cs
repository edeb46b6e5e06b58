namespace Splade.Cluster.Wire;

/// <summary>One shard of a collection: its replicas, which one is primary, and the term (raised each time the primary changes, so
/// that a deposed primary's writes are refused).</summary>
[GenerateSerializer]
[Immutable]
internal sealed record ShardAssignment
{
    [Id(0)]
    public int Shard { get; init; }

    [Id(1)]
    public int Primary { get; init; }

    [Id(2)]
    public long Term { get; init; } = 1;

    [Id(3)]
    public required IReadOnlyList<ReplicaPlacement> Replicas { get; init; }

    public ReplicaPlacement PrimaryReplica => Replicas.First(replica => replica.Replica == Primary);
}
