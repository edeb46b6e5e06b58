using Splade.Cluster.Wire;

namespace Splade.Cluster.Repair;

/// <summary>What the shard map does after persisting a repaired shard.</summary>
internal enum RepairActionKind
{
    /// <summary>Build <see cref="RepairAction.Replica"/> from <see cref="RepairAction.Source"/> (the primary).</summary>
    Recover,

    /// <summary>Delete a replica the map no longer lists.</summary>
    Drop,

    /// <summary>Tell an in-sync replica the shard's new term (it then refuses the deposed primary).</summary>
    AdoptTerm,
}

/// <summary>One step of a shard's repair, taken once the changed map is persisted.</summary>
/// <param name="Kind">What to do.</param>
/// <param name="Replica">The replica it is done to.</param>
/// <param name="Source">For <see cref="RepairActionKind.Recover"/>: the primary the replica is built from.</param>
/// <param name="Term">For <see cref="RepairActionKind.Recover"/> and <see cref="RepairActionKind.AdoptTerm"/>: the shard's term.</param>
/// <param name="Failed">For <see cref="RepairActionKind.Drop"/>: the replica had failed (its silo is not used for the shard for a while).</param>
internal sealed record RepairAction(RepairActionKind Kind, ReplicaPlacement Replica, ReplicaPlacement? Source = null, long Term = 0, bool Failed = false);
