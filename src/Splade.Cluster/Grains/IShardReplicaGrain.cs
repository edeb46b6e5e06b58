using Orleans.Concurrency;
using Splade.Cluster.Wire;

namespace Splade.Cluster.Grains;

/// <summary>One replica of one shard of a collection: a Splade.NET collection in a folder on its silo's disk. Its key is a
/// <see cref="ReplicaKey"/>; it is placed on the silo the shard map names (<see cref="Placement.ShardReplicaPlacementAttribute"/>).</summary>
/// <remarks>Reads interleave with a running write (which may be waiting on a slow or dead backup): the collection's reads work on
/// immutable snapshots and never wait for its writes, so a search is not queued behind a write.</remarks>
internal partial interface IShardReplicaGrain : IGrainWithStringKey
{
    /// <summary>Creates the replica's empty collection with this configuration (JSON of <c>config.json</c>); idempotent.</summary>
    Task CreateAsync(string config);

    /// <summary>Closes the replica and deletes its folder.</summary>
    Task DropAsync();

    /// <summary>As the shard's primary: stamps the write with the next sequence number, applies it durably, then has every backup
    /// in <paramref name="backups"/> apply it (dropping those that fail from the in-sync set) before answering.</summary>
    /// <returns>The write's sequence number.</returns>
    /// <exception cref="ShardException">The write is not acknowledged: a newer primary exists, or too few replicas hold it.</exception>
    Task<long> WriteAsync(ShardWrite write, IReadOnlyList<ReplicaPlacement> backups);

    /// <summary>As a backup: applies a write its primary has stamped, unless a newer term has been seen or writes before it are
    /// missing. While the replica is being built, the write is kept and applied once the copy is in place.</summary>
    Task ReplicateAsync(ShardWrite write);

    /// <summary>Learns that the shard's term has risen (a new primary), so that writes of older terms are refused. Interleaves
    /// with a running write: the shard map calls it while a primary may be waiting on the shard map.</summary>
    [AlwaysInterleave]
    Task AdoptTermAsync(long term);

    /// <summary>The idf statistics of some terms of a sparse vector over this shard's points.</summary>
    [AlwaysInterleave]
    Task<WireTermStatistics> GetTermStatisticsAsync(string vector, uint[] terms);

    /// <summary>The shard's best hits, ties at the cut broken by point id.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<ShardHit>> SearchAsync(ShardSearch search);

    /// <summary>The points with these engine ids that exist, with their payloads.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<ShardRecord>> RetrieveAsync(string[] ids);

    /// <summary>Points by id, or a page of points in id order (optionally filtered), with what the read selects.</summary>
    [AlwaysInterleave]
    Task<ShardPage> ReadAsync(ShardRead read);

    /// <summary>How many of the shard's points a Qdrant filter (JSON, or null for all) matches.</summary>
    [AlwaysInterleave]
    Task<long> CountMatchingAsync(string? filter);

    /// <summary>How many of the shard's points have each of these payload fields.</summary>
    [AlwaysInterleave]
    Task<long[]> CountWithFieldsAsync(string[] fields);

    /// <summary>How many points the shard holds.</summary>
    [AlwaysInterleave]
    Task<long> CountAsync();

    /// <summary>The sequence number of the last write this replica applied.</summary>
    [AlwaysInterleave]
    Task<long> GetSequenceAsync();

    /// <summary>Asked by the shard map of a replica it has just placed: builds this replica from <paramref name="source"/> (the
    /// shard's primary of <paramref name="term"/>) in the background, and tells the shard map how it went
    /// (<see cref="IShardMapGrain.ReportRecoveryFailedAsync"/>, or its return to the in-sync set through the primary).</summary>
    [AlwaysInterleave]
    Task BeginRecoveryAsync(ReplicaPlacement source, long term);

    /// <summary>As the shard's primary of <paramref name="term"/>: between two writes, flushes the collection, pins its files and
    /// describes them, and from then on forwards every write to the replica <paramref name="follower"/> being built on
    /// <paramref name="silo"/>. Not interleaved with writes: a write is either in the files or forwarded.</summary>
    /// <exception cref="ShardException">This replica is not the primary of that term, or holds no data.</exception>
    Task<ReplicaSnapshot> OpenSnapshotAsync(int follower, SiloAddress silo, long term);

    /// <summary>Up to <paramref name="count"/> bytes of a pinned snapshot's file, from <paramref name="offset"/>.</summary>
    [AlwaysInterleave]
    Task<byte[]> ReadSnapshotAsync(Guid snapshot, string path, long offset, int count);

    /// <summary>Unpins a snapshot's files (a merge may delete them again).</summary>
    [AlwaysInterleave]
    Task ReleaseSnapshotAsync(Guid snapshot);

    /// <summary>As the primary: a replica being built says it has caught up. Runs between writes; when every write since its
    /// snapshot was forwarded to it and it has applied as many writes as this primary (it is asked), the shard map returns it to
    /// the in-sync set (and from then on a write it fails to apply drops it again before being acknowledged).</summary>
    /// <returns>Whether the replica is in the in-sync set now.</returns>
    Task<bool> ConfirmFollowerAsync(int follower);
}
