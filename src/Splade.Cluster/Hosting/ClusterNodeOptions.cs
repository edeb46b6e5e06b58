namespace Splade.Cluster.Hosting;

/// <summary>What one silo of a Splade.NET cluster needs: the folder on its disk that holds its shard replicas.</summary>
internal sealed class ClusterNodeOptions
{
    /// <summary>The silo's data folder; replicas live in <c>DATA/replicas/COLLECTION/SHARD-REPLICA</c>.</summary>
    public required string DataFolder { get; init; }

    /// <summary>Called before a shard replica writes to this silo's disk (a write, a file of a copy), with the replica's key
    /// (<c>collection/shard/replica</c>); an <see cref="IOException"/> it throws is handled as the disk's own failure. Tests inject a
    /// full disk through it; a deployment leaves it null.</summary>
    public Action<string>? WriteFault { get; init; }

    /// <summary>The size of one chunk read from another silo when a replica is copied (1 MiB). Files up to this size (and at most
    /// 64 KiB) travel inside the copy's description instead.</summary>
    public int CopyChunkBytes { get; init; } = 1 << 20;

    /// <summary>How long a replica being built waits for its copy to make progress (the primary's snapshot, one chunk read and
    /// written, the primary's confirmation) before it gives up: it deletes its partial copy and reports the failure, and the shard
    /// map places another replica (60 s).</summary>
    public TimeSpan CopyStallTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How often the silo deletes the folders of replicas no shard map entry can use any more (<see cref="ReplicaSweeper"/>;
    /// 10 minutes, the first sweep one interval after the start).</summary>
    public TimeSpan SweepInterval { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Called by a primary before it reads a chunk of a snapshot for a replica being built, with the primary's key; the
    /// chunk is read once the task completes. Tests stall a copy through it (a source that stops answering); a deployment leaves it
    /// null.</summary>
    public Func<string, Task>? SnapshotReadFault { get; init; }

    public string ReplicaFolder(string collection, int shard, int replica)
        => Path.Combine(DataFolder, "replicas", collection, FormattableString.Invariant($"{shard}-{replica}"));
}
