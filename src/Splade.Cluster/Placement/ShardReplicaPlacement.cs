namespace Splade.Cluster.Placement;

/// <summary>The placement strategy of shard replicas: on the silo the caller names (from the shard map), and nowhere else.</summary>
[GenerateSerializer]
[Immutable]
internal sealed class ShardReplicaPlacement : PlacementStrategy
{
    public static ShardReplicaPlacement Instance { get; } = new();
}
