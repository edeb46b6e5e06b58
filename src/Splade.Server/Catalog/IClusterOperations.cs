using Splade.Server.Model.Service;
using Splade.Server.Storage;

namespace Splade.Server.Catalog;

/// <summary>What an operator does to the silos of a cluster through the HTTP API: drain one (its replicas move to the others) and
/// remove one (it leaves the cluster and its process stops). Registered only on a cluster node; a single machine has none.</summary>
internal interface IClusterOperations
{
    /// <summary>Starts (or follows) draining <paramref name="silo"/> and answers how many replicas it still holds, after waiting up to
    /// <paramref name="wait"/> for it to hold none.</summary>
    /// <param name="silo">The silo as <c>GET /cluster</c> names it, or its <c>HOST:PORT</c>.</param>
    /// <param name="wait">How long to wait for the count to reach 0 (zero: answer at once).</param>
    /// <param name="cancellationToken">The request was abandoned.</param>
    /// <exception cref="StoreException">No active silo by that name (NotFound), or the others are too few for a collection's
    /// replication factor (BadInput); nothing changes.</exception>
    Task<PeerDrainInfo> DrainAsync(string silo, TimeSpan wait, CancellationToken cancellationToken);

    /// <summary>Stops draining <paramref name="silo"/>: replicas may be placed on it again (those already moved stay where they are).</summary>
    /// <exception cref="StoreException">No active silo by that name (NotFound).</exception>
    Task<PeerDrainInfo> StopDrainingAsync(string silo);

    /// <summary>Asks <paramref name="silo"/> to leave the cluster (its process stops as after SIGTERM, without draining again).</summary>
    /// <param name="silo">The silo as <c>GET /cluster</c> names it, or its <c>HOST:PORT</c>.</param>
    /// <param name="force">Remove it even though it still holds replicas (they are rebuilt from the other replicas of their shards;
    /// a shard whose only in-sync replica it holds is missing until the silo comes back).</param>
    /// <param name="wait">How long to wait until membership no longer lists it as active (zero: answer once it was asked).</param>
    /// <exception cref="StoreException">No active silo by that name (NotFound); it still holds replicas and
    /// <paramref name="force"/> is false (BadInput); it cannot be reached, or is still active after <paramref name="wait"/>
    /// (Unavailable).</exception>
    Task RemoveAsync(string silo, bool force, TimeSpan wait);
}
