using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;
using StackExchange.Redis;
using Splade.Cluster.Placement;

namespace Splade.Cluster.Hosting;

/// <summary>Makes an Orleans silo a node of a Splade.NET cluster.</summary>
internal static class ClusterSiloExtensions
{
    /// <summary>The name of the grain storage the shard map is persisted in (Redis in a deployment, memory in tests).</summary>
    public const string StorageName = "splade";

    /// <summary>Registers the node's options and the shard replica placement; the caller configures clustering and the grain
    /// storage named <see cref="StorageName"/>.</summary>
    public static ISiloBuilder AddSpladeCluster(this ISiloBuilder builder, ClusterNodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        Directory.CreateDirectory(options.DataFolder);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<ReplicaFolders>();
        builder.Services.AddSingleton<ReplicaSweeper>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<ReplicaSweeper>());
        builder.Services.AddPlacementDirector<ShardReplicaPlacement, ShardReplicaPlacementDirector>();
        return builder;
    }

    /// <summary>Persists the shard map in Redis (<paramref name="configuration"/>: StackExchange.Redis's form, such as
    /// <c>127.0.0.1:6379</c>), in Orleans' own binary serialization (the one its calls use, so the map reads back exactly).</summary>
    public static ISiloBuilder AddSpladeClusterRedisStorage(this ISiloBuilder builder, string configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddRedisGrainStorage(StorageName, options => options.Configure<Serializer>((redis, serializer) =>
        {
            redis.ConfigurationOptions = ConfigurationOptions.Parse(configuration);
            redis.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
        }));
        return builder;
    }
}
