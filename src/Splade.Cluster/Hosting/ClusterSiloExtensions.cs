using Microsoft.Extensions.DependencyInjection;
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
        builder.Services.AddPlacementDirector<ShardReplicaPlacement, ShardReplicaPlacementDirector>();
        return builder;
    }
}
