namespace Splade.Server.Catalog;

/// <summary>Qdrant's sharding parameters of a create request, as given (null when left out).</summary>
/// <param name="ShardNumber">How many shards (<c>shard_number</c>).</param>
/// <param name="ReplicationFactor">How many replicas of each shard (<c>replication_factor</c>).</param>
/// <param name="WriteConsistencyFactor">How many replicas must hold a write before it is acknowledged (<c>write_consistency_factor</c>).</param>
internal sealed record CollectionSharding(long? ShardNumber, long? ReplicationFactor, long? WriteConsistencyFactor);
