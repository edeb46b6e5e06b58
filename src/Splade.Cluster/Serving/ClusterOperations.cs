using Splade.Cluster.Routing;
using Splade.Server.Catalog;
using Splade.Server.Model.Service;
using Splade.Server.Storage;

namespace Splade.Cluster.Serving;

/// <summary>The HTTP API's operations on a cluster's silos (<c>/cluster/peer/{silo}</c>): draining one through the shard map, and
/// asking one to leave through its node grain. A silo is named as <c>GET /cluster</c> lists it, or by its <c>HOST:PORT</c>.</summary>
internal sealed class ClusterOperations(ClusterCollections collections, IClusterMembershipService membership) : IClusterOperations
{
    /// <summary>How often a waiting drain or removal looks again.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    public async Task<PeerDrainInfo> DrainAsync(string silo, TimeSpan wait, CancellationToken cancellationToken)
    {
        var address = Resolve(silo);
        var deadline = DateTime.UtcNow + wait;
        var remaining = await collections.DrainAsync(address).ConfigureAwait(false);
        while (remaining > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
            remaining = await collections.DrainAsync(address).ConfigureAwait(false);
        }

        return new PeerDrainInfo(address.ToString(), Draining: true, remaining);
    }

    public async Task<PeerDrainInfo> StopDrainingAsync(string silo)
    {
        var address = Resolve(silo);
        await collections.StopDrainingAsync(address).ConfigureAwait(false);
        return new PeerDrainInfo(address.ToString(), Draining: false, await ReplicasAsync(address).ConfigureAwait(false));
    }

    public async Task RemoveAsync(string silo, bool force, TimeSpan wait)
    {
        var address = Resolve(silo);
        var replicas = await ReplicasAsync(address).ConfigureAwait(false);
        if (replicas > 0 && !force)
        {
            throw StoreException.BadInput(
                $"Bad request: silo {address} still holds {replicas} shard replica(s); drain it first (POST /cluster/peer/{address}/drain, or "
                + "`splade cluster drain`), or pass force=true: its replicas are then rebuilt from the other replicas of their shards, and a "
                + "shard whose only in-sync replica it holds is missing until the silo comes back.");
        }

        await collections.LeaveAsync(address, replicas > 0 ? $"removed with force=true while holding {replicas} replica(s)" : "removed").ConfigureAwait(false);
        var deadline = DateTime.UtcNow + wait;
        while (wait > TimeSpan.Zero && IsActive(address))
        {
            if (DateTime.UtcNow >= deadline)
            {
                throw new StoreException(StoreErrorKind.Unavailable,
                    $"Service unavailable: silo {address} was asked to leave but is still an active member after {wait.TotalSeconds:F0} s.");
            }

            await Task.Delay(PollInterval).ConfigureAwait(false);
        }
    }

    /// <summary>The active silo named by <paramref name="name"/>: its address as <c>GET /cluster</c> lists it, its parsable form
    /// (<c>HOST:PORT@GENERATION</c>), or its <c>HOST:PORT</c>.</summary>
    private SiloAddress Resolve(string name)
    {
        var active = membership.CurrentSnapshot.Members.Values
            .Where(member => member.Status == SiloStatus.Active)
            .Select(member => member.SiloAddress)
            .ToList();
        return active.FirstOrDefault(silo => silo.ToString() == name || silo.ToParsableString() == name || silo.Endpoint.ToString() == name)
            ?? throw StoreException.NotFound(
                $"Not found: no active silo `{name}` in the cluster (GET /cluster lists its members: {string.Join(", ", active)}).");
    }

    private bool IsActive(SiloAddress silo)
        => membership.CurrentSnapshot.Members.TryGetValue(silo, out var member) && member.Status == SiloStatus.Active;

    private async Task<int> ReplicasAsync(SiloAddress silo)
        => (await collections.GetSiloLoadsAsync().ConfigureAwait(false)).FirstOrDefault(load => load.Silo.Equals(silo))?.Replicas ?? 0;
}
