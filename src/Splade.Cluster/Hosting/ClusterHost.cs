using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using StackExchange.Redis;

namespace Splade.Cluster.Hosting;

/// <summary>Builds the hosts of a Splade.NET cluster: silos that find each other through Orleans' Redis membership table and
/// persist the shard map in the same Redis, and clients that reach them through it.</summary>
internal static class ClusterHost
{
    /// <summary>The Orleans service id of a Splade.NET cluster. Grain state (the shard map) is keyed by it, so each cluster id gets
    /// its own: clusters sharing one Redis server share no shard map.</summary>
    public static string ServiceId(string clusterId) => "splade-" + clusterId;

    /// <summary>A silo host (not started); <paramref name="configure"/> may adjust the silo (failure detection, timeouts).</summary>
    public static IHost BuildSilo(ClusterHostOptions options, Action<ILoggingBuilder>? logging = null, Action<ISiloBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var redis = options.RedisConfiguration();
        var builder = Host.CreateApplicationBuilder();
        ConfigureLogging(builder, logging);
        builder.UseOrleans(silo =>
        {
            silo.UseRedisClustering(clustering => clustering.ConfigurationOptions = ConfigurationOptions.Parse(redis));
            silo.Configure<ClusterOptions>(cluster =>
            {
                cluster.ClusterId = options.ClusterId;
                cluster.ServiceId = ServiceId(options.ClusterId);
            });
            silo.ConfigureEndpoints(options.Address, options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: false);
            silo.AddSpladeClusterRedisStorage(redis);
            silo.AddSpladeCluster(new ClusterNodeOptions { DataFolder = options.DataFolder });
            configure?.Invoke(silo);
        });
        return builder.Build();
    }

    /// <summary>A client host (not started) of the cluster <paramref name="clusterId"/> whose membership is in
    /// <paramref name="redis"/> (<c>redis://HOST:PORT</c>).</summary>
    public static IHost BuildClient(string redis, string clusterId = "splade", Action<ILoggingBuilder>? logging = null)
    {
        var configuration = new ClusterHostOptions { DataFolder = string.Empty, Redis = redis }.RedisConfiguration();
        var builder = Host.CreateApplicationBuilder();
        ConfigureLogging(builder, logging);
        builder.UseOrleansClient(client =>
        {
            client.UseRedisClustering(clustering => clustering.ConfigurationOptions = ConfigurationOptions.Parse(configuration));
            client.Configure<ClusterOptions>(cluster =>
            {
                cluster.ClusterId = clusterId;
                cluster.ServiceId = ServiceId(clusterId);
            });
        });
        return builder.Build();
    }

    private static void ConfigureLogging(HostApplicationBuilder builder, Action<ILoggingBuilder>? logging)
    {
        builder.Logging.ClearProviders();
        logging?.Invoke(builder.Logging);
    }
}
