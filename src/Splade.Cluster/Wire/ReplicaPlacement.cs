namespace Splade.Cluster.Wire;

/// <summary>Where one replica of a shard lives and whether it holds every acknowledged write.</summary>
[GenerateSerializer]
[Immutable]
internal sealed record ReplicaPlacement
{
    /// <summary>The replica's number within its shard (its grain key's last part).</summary>
    [Id(0)]
    public int Replica { get; init; }

    /// <summary>The silo whose disk holds the replica.</summary>
    [Id(1)]
    public required SiloAddress Silo { get; init; }

    /// <summary>In the in-sync set: it has every write acknowledged to a client, so it may serve queries and become primary.</summary>
    [Id(2)]
    public bool InSync { get; init; } = true;

    /// <summary>Being built: copying an in-sync replica's files and receiving the primary's writes, not yet in the in-sync set (it
    /// serves no search and cannot become primary until the shard map returns it to the set).</summary>
    [Id(3)]
    public bool Recovering { get; init; }

    /// <summary>To be moved off its silo (a drain, or a move onto a silo that joined): a replacement is built first, then this
    /// replica is dropped.</summary>
    [Id(4)]
    public bool Leaving { get; init; }
}
