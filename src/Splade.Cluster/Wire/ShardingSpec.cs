using Splade.Server.Storage;

namespace Splade.Cluster.Wire;

/// <summary>Qdrant's sharding parameters of a collection, given when it is created.</summary>
/// <param name="ShardNumber">How many shards the points are split into by a stable hash of their ids (Qdrant's <c>shard_number</c>).</param>
/// <param name="ReplicationFactor">How many replicas each shard has, on distinct silos (<c>replication_factor</c>).</param>
/// <param name="WriteConsistencyFactor">How many replicas must hold a write before it is acknowledged (<c>write_consistency_factor</c>).</param>
[GenerateSerializer]
[Immutable]
internal sealed record ShardingSpec(
    [property: Id(0)] int ShardNumber = 1, [property: Id(1)] int ReplicationFactor = 2, [property: Id(2)] int WriteConsistencyFactor = 1)
{
    /// <summary>The most shards a collection may have.</summary>
    public const int MaxShards = 1024;

    /// <summary>Refuses parameters out of range, naming the parameter.</summary>
    /// <exception cref="StoreException">A parameter is out of range (kind Validation).</exception>
    public void Validate(int silos)
    {
        if (ShardNumber is < 1 or > MaxShards)
        {
            throw StoreException.Validation($"Validation error in JSON body: [shard_number: must be between 1 and {MaxShards}, got {ShardNumber}]");
        }

        if (ReplicationFactor < 1)
        {
            throw StoreException.Validation($"Validation error in JSON body: [replication_factor: must be at least 1, got {ReplicationFactor}]");
        }

        if (WriteConsistencyFactor < 1 || WriteConsistencyFactor > ReplicationFactor)
        {
            throw StoreException.Validation(
                $"Validation error in JSON body: [write_consistency_factor: must be between 1 and replication_factor ({ReplicationFactor}), "
                + $"got {WriteConsistencyFactor}]");
        }

        if (ReplicationFactor > silos)
        {
            throw StoreException.BadInput(
                $"Bad request: replication_factor {ReplicationFactor} needs as many silos, each holding one replica of a shard; "
                + $"the cluster has {silos} active silo(s).");
        }
    }
}
