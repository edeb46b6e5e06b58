using Orleans.Concurrency;
using Splade.Cluster.Wire;

namespace Splade.Cluster.Grains;

/// <summary>A replica's part of the queries that need stored vectors, and the checkpoint that seals its segments.</summary>
internal partial interface IShardReplicaGrain
{
    /// <summary>The exact scores of some of the shard's points against a vector query (their stored vectors), in no particular
    /// order; points that do not exist or lack the vector are left out.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<ShardHit>> RescoreAsync(ShardRescore rescore);

    /// <summary>Flushes the replica's indexes (sealing their segments, each with its approximate index where a vector has one) and
    /// retires its log, between two writes.</summary>
    Task CheckpointAsync();
}
