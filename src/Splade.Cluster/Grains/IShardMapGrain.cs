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
}
