using Splade.Cluster.Wire;

namespace Splade.Cluster.Grains;

/// <summary>One replica of one shard of a collection: a Splade.NET collection in a folder on its silo's disk. Its key is a
/// <see cref="ReplicaKey"/>; it is placed on the silo the shard map names (<see cref="Placement.ShardReplicaPlacementAttribute"/>).</summary>
internal interface IShardReplicaGrain : IGrainWithStringKey
{
    /// <summary>Creates the replica's empty collection with this configuration (JSON of <c>config.json</c>); idempotent.</summary>
    Task CreateAsync(string config);

    /// <summary>Closes the replica and deletes its folder.</summary>
    Task DropAsync();

    /// <summary>As the shard's primary: stamps the write with the next sequence number, applies it durably, then has every backup
    /// in <paramref name="backups"/> apply it before answering.</summary>
    /// <returns>The write's sequence number.</returns>
    Task<long> WriteAsync(ShardWrite write, IReadOnlyList<ReplicaPlacement> backups);

    /// <summary>As a backup: applies a write its primary has stamped.</summary>
    Task ReplicateAsync(ShardWrite write);

    /// <summary>The idf statistics of some terms of a sparse vector over this shard's points.</summary>
    Task<WireTermStatistics> GetTermStatisticsAsync(string vector, uint[] terms);

    /// <summary>The shard's best hits, ties at the cut broken by point id.</summary>
    Task<IReadOnlyList<ShardHit>> SearchAsync(ShardSearch search);

    /// <summary>How many points the shard holds.</summary>
    Task<long> CountAsync();
}
