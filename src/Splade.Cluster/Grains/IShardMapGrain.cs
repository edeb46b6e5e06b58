using Splade.Cluster.Wire;

namespace Splade.Cluster.Grains;

/// <summary>The cluster's one shard map (key <see cref="ShardMapGrain.Key"/>): every sharded collection, its shards and where their
/// replicas live, persisted through Orleans grain storage. Every change to it goes through this grain, one at a time.</summary>
internal interface IShardMapGrain : IGrainWithStringKey
{
    /// <summary>Places the shards' replicas on distinct silos, creates them and records the collection.</summary>
    /// <exception cref="ShardException">The name is taken or invalid, or the parameters cannot be honoured.</exception>
    Task<CollectionShardMap> CreateAsync(string name, string config, ShardingSpec sharding);

    /// <summary>The collection's map, or null when there is no such collection.</summary>
    Task<CollectionShardMap?> GetAsync(string name);

    /// <summary>The sharded collections' names.</summary>
    Task<IReadOnlyList<string>> ListAsync();

    /// <summary>Forgets the collection and drops its replicas; false when there was none.</summary>
    Task<bool> DeleteAsync(string name);

    /// <summary>Asked by a shard's primary of <paramref name="term"/>: removes a backup that failed to apply a write from the
    /// in-sync set, and persists the change, before the primary acknowledges the write.</summary>
    /// <exception cref="ShardException">The term is no longer the shard's (the caller was deposed): nothing changes.</exception>
    Task DropFromInSyncAsync(string name, int shard, int replica, long term);

    /// <summary>Asked by a router whose call to a shard's primary of <paramref name="term"/> failed: when that replica's silo is no
    /// longer an active member, promotes the in-sync replica with the lowest number on an active silo and raises the term.</summary>
    /// <returns>The collection's map after the change (unchanged when the primary's silo is still active, or the term has moved on).</returns>
    Task<CollectionShardMap?> ReportUnavailableAsync(string name, int shard, int replica, long term);
}
