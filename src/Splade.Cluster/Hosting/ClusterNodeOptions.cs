namespace Splade.Cluster.Hosting;

/// <summary>What one silo of a Splade.NET cluster needs: the folder on its disk that holds its shard replicas.</summary>
internal sealed class ClusterNodeOptions
{
    /// <summary>The silo's data folder; replicas live in <c>DATA/replicas/COLLECTION/SHARD-REPLICA</c>.</summary>
    public required string DataFolder { get; init; }

    public string ReplicaFolder(string collection, int shard, int replica)
        => Path.Combine(DataFolder, "replicas", collection, FormattableString.Invariant($"{shard}-{replica}"));
}
