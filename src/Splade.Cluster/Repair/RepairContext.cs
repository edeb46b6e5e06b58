namespace Splade.Cluster.Repair;

/// <summary>What the shard map knows of the cluster when it repairs shards: the active silos, those being drained, how many
/// replicas each holds, and where a replica recently failed.</summary>
internal sealed class RepairContext
{
    public required HashSet<SiloAddress> Active { get; init; }

    public required HashSet<SiloAddress> Draining { get; init; }

    /// <summary>Live replicas (in sync or being built, not leaving) per active silo, over every collection; kept current as the
    /// plan places and removes replicas.</summary>
    public required Dictionary<SiloAddress, int> Load { get; init; }

    /// <summary>The active silo at a dead silo's address, when there is one (the machine restarted: Orleans gave it a new
    /// generation, its disk is the same).</summary>
    public Func<SiloAddress, SiloAddress?> Revived { get; init; } = static _ => null;

    /// <summary>Whether a replica of this collection's shard failed on that silo a moment ago (it is not placed there again yet).</summary>
    public Func<string, int, SiloAddress, bool> CoolingDown { get; init; } = static (_, _, _) => false;

    /// <summary>A silo joined: replicas move onto the least loaded silos, one at a time, while loads differ by two or more.</summary>
    public bool Rebalance { get; init; }

    /// <summary>A replica is being built or moved somewhere in the cluster (no balancing move starts meanwhile).</summary>
    public bool MoveInFlight { get; set; }

    public bool IsLive(SiloAddress silo) => Active.Contains(silo);

    public bool IsLeaving(Wire.ReplicaPlacement replica) => replica.Leaving || Draining.Contains(replica.Silo);

    public bool CanHost(SiloAddress silo) => Active.Contains(silo) && !Draining.Contains(silo);
}
