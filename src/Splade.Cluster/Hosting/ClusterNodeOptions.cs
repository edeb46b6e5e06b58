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

    public string ReplicaFolder(string collection, int shard, int replica)
        => Path.Combine(DataFolder, "replicas", collection, FormattableString.Invariant($"{shard}-{replica}"));
}
