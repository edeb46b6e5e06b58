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

    /// <summary>The number the next replica built for this shard gets (numbers are never reused, so a new replica never meets the
    /// folder or activation of an old one).</summary>
    [Id(4)]
    public int NextReplica { get; init; }

    public ReplicaPlacement PrimaryReplica => Replicas.First(replica => replica.Replica == Primary);

    /// <summary>The number a new replica of this shard takes.</summary>
    public int NewReplicaNumber()
    {
        var next = NextReplica;
        foreach (var replica in Replicas)
        {
            next = Math.Max(next, replica.Replica + 1);
        }

        return next;
    }
}
