using System.Text.Json;
using Splade.Server.Storage;

namespace Splade.Cluster.Wire;

/// <summary>A sharded collection: its configuration, Qdrant's sharding parameters and where each shard's replicas live.</summary>
[GenerateSerializer]
[Immutable]
internal sealed record CollectionShardMap
{
    [Id(0)]
    public required string Name { get; init; }

    /// <summary>The collection's <see cref="CollectionConfig"/> as JSON (the form of its <c>config.json</c>).</summary>
    [Id(1)]
    public required string Config { get; init; }

    [Id(2)]
    public int ShardNumber { get; init; }

    [Id(3)]
    public int ReplicationFactor { get; init; }

    /// <summary>How many replicas of a shard must hold a write before it is acknowledged.</summary>
    [Id(4)]
    public int WriteConsistencyFactor { get; init; }

    [Id(5)]
    public required IReadOnlyList<ShardAssignment> Shards { get; init; }

    public CollectionConfig ReadConfig()
        => JsonSerializer.Deserialize(Config, StorageJsonContext.Default.CollectionConfig) ?? throw new JsonException("empty configuration");

    public static string WriteConfig(CollectionConfig config) => JsonSerializer.Serialize(config, StorageJsonContext.Default.CollectionConfig);
}
