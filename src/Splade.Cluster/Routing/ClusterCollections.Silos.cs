using Splade.Cluster.Grains;
using Splade.Cluster.Placement;
using Splade.Cluster.Wire;
using Splade.Server.Storage;

namespace Splade.Cluster.Routing;

/// <summary>The cluster's silos as the shard map sees them, and the operator's requests about them.</summary>
internal sealed partial class ClusterCollections
{
    /// <summary>Stops draining a silo; false when it was not draining.</summary>
    public Task<bool> StopDrainingAsync(SiloAddress silo) => OnMapAsync(map => map.StopDrainingAsync(silo));

    /// <summary>Every silo that holds a replica or is draining, with its replica count; asked once (no retry while the shard map
    /// moves to another silo).</summary>
    public Task<IReadOnlyList<SiloLoad>> GetSiloLoadsAsync() => Unwrap(() => Map.GetSiloLoadsAsync());

    /// <summary>Asks the node of <paramref name="silo"/> to leave the cluster (it answers before stopping).</summary>
    /// <exception cref="StoreException">The silo has no node that can be stopped (Unsupported) or does not answer (Unavailable).</exception>
    public async Task LeaveAsync(SiloAddress silo, string reason)
    {
        try
        {
            var node = grains.GetGrain<INodeGrain>(silo.ToParsableString());
            await Unwrap(() => PlacementHint.CallOn(silo, async () =>
            {
                await node.LeaveAsync(reason).ConfigureAwait(false);
                return true;
            })).ConfigureAwait(false);
        }
        catch (Exception error) when (IsUnavailable(error) && error is not StoreException)
        {
            throw new StoreException(StoreErrorKind.Unavailable, $"Service unavailable: silo {silo} does not answer; it was not asked to leave.", error);
        }
    }
}
