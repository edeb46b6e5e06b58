using Orleans.Runtime.Placement;

namespace Splade.Cluster.Placement;

/// <summary>Places a shard replica on the silo named by the call's placement hint, which <see cref="PlacementHint"/> sets from the
/// shard map. A replica owns files on one silo's disk, so it is never activated anywhere else: without a hint, or when the named
/// silo is not an active member, the activation is refused and the caller treats the replica as unavailable.</summary>
internal sealed class ShardReplicaPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var silos = context.GetCompatibleSilos(target);
        if (IPlacementDirector.GetPlacementHint(target.RequestContextData, silos) is { } hinted)
        {
            return Task.FromResult(hinted);
        }

        throw new OrleansException(
            $"Shard replica {target.GrainIdentity} can only live on the silo that holds its files, which is not an active member of the cluster.");
    }
}
