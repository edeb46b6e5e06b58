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

    /// <summary>Asked by a shard's primary of <paramref name="term"/> whose disk refused a write (which no other replica has): hands
    /// the shard to the in-sync replica that has applied the most writes, in a higher term, and drops the caller from the in-sync set.
    /// Nothing changes when no other in-sync replica is on an active silo.</summary>
    Task StepDownAsync(string name, int shard, int replica, long term);

    /// <summary>Asked by a shard's primary of <paramref name="term"/>, between two writes: a replica being built from it has every
    /// write the primary has; it joins the in-sync set (and may serve searches and become primary).</summary>
    /// <exception cref="ShardException">The term is no longer the shard's, or the replica is no longer being built: nothing changes.</exception>
    Task MarkInSyncAsync(string name, int shard, int replica, long term);

    /// <summary>Asked by a replica being built whose copy or catch-up failed: it is dropped, and another is placed (not on the same
    /// silo for a while).</summary>
    Task ReportRecoveryFailedAsync(string name, int shard, int replica, string reason);

    /// <summary>Starts (or follows) a graceful leave of <paramref name="silo"/>: no replica is placed on it any more, and each of its
    /// replicas is rebuilt on another silo, then dropped (a primary first hands over to an in-sync replica). The cluster keeps
    /// serving meanwhile.</summary>
    /// <returns>How many replicas the silo still holds (0: it can be stopped without any shard losing a replica).</returns>
    /// <exception cref="ShardException">The silo is not an active member, or the others are too few for a collection's
    /// replication factor.</exception>
    Task<int> DrainAsync(SiloAddress silo);

    /// <summary>Sets payload indexes in the collection's stored configuration: <paramref name="fields"/> is a JSON object of field
    /// paths to their schema, or to null for an index deleted (the shards have the same change through their write path).</summary>
    /// <returns>The collection's map after the change.</returns>
    /// <exception cref="ShardException">No such collection, or the map cannot be saved.</exception>
    Task<CollectionShardMap> ChangePayloadIndexesAsync(string name, string fields);

    /// <summary>Stops draining <paramref name="silo"/> (replicas may be placed on it again); false when it was not draining.</summary>
    Task<bool> StopDrainingAsync(SiloAddress silo);

    /// <summary>Every silo that holds a replica or is draining, with its replica count.</summary>
    Task<IReadOnlyList<SiloLoad>> GetSiloLoadsAsync();

    /// <summary>Of the replicas (<see cref="ReplicaKey"/> texts) whose folders are on <paramref name="silo"/>'s disk, those no entry of
    /// the map can use: their collection or replica is gone, or the replica lives on another active silo. A replica the map places on
    /// this silo, or on a silo that is not active (it may be this disk before a restart), is never listed.</summary>
    Task<IReadOnlyList<string>> FindUnusedReplicasAsync(SiloAddress silo, IReadOnlyList<string> replicas);
}
