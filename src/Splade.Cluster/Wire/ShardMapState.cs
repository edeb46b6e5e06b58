namespace Splade.Cluster.Wire;

/// <summary>The persisted state of the shard map: every sharded collection by name.</summary>
[GenerateSerializer]
internal sealed class ShardMapState
{
    [Id(0)]
    public Dictionary<string, CollectionShardMap> Collections { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Silos being drained: their replicas move to other silos and no new replica is placed on them.</summary>
    [Id(1)]
    public List<SiloAddress> Draining { get; set; } = [];
}
