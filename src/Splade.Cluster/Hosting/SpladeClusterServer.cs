using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Splade.Cluster.Routing;
using Splade.Cluster.Serving;
using Splade.Server;
using Splade.Server.Catalog;
using Splade.Server.Storage;
using StackExchange.Redis;

namespace Splade.Cluster.Hosting;

/// <summary>One node of a Splade.NET cluster in one process: a silo that joins the cluster through Redis and keeps its shard replicas
/// in the data folder, and the single-machine HTTP API (Qdrant's REST API) over the cluster's sharded collections.</summary>
/// <remarks>Thread safety: every member may be called from any thread; each call runs its own silo and server.</remarks>
public static class SpladeClusterServer
{
    /// <summary>How long the Redis server may take to answer at start before the node gives up.</summary>
    public static readonly TimeSpan RedisTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How long the silo may take to join the cluster before the node gives up.</summary>
    public static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(90);

    /// <summary>Runs the node until it is asked to stop: on SIGTERM or Ctrl+C it first drains its silo (its replicas move to other
    /// silos while it keeps serving, for up to <see cref="ClusterServeOptions.DrainTimeout"/>; a second signal cuts that short), then
    /// the HTTP server finishes its requests and the silo leaves the cluster. Removed through the HTTP API
    /// (<c>DELETE /cluster/peer/{silo}</c>) or cancelled through <paramref name="cancellationToken"/>, it leaves without draining.</summary>
    /// <exception cref="FormatException">The Redis or silo address is not valid.</exception>
    /// <exception cref="IOException">A port is in use, Redis does not answer within <see cref="RedisTimeout"/>, or the silo cannot
    /// join within <see cref="JoinTimeout"/>; the message says which.</exception>
    /// <exception cref="InvalidOperationException">The server would listen beyond loopback without an API key (see
    /// <see cref="ServerOptions.Insecure"/>).</exception>
    public static async Task RunAsync(ServerOptions server, ClusterServeOptions cluster, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(cluster);
        var host = HostOptions(server, cluster);
        CheckPortFree(host.Address, host.SiloPort, "--silo-port");
        CheckPortFree(host.Address, host.GatewayPort, "--gateway-port");
        await ProbeRedisAsync(cluster.Redis, host.RedisConfiguration(), cancellationToken).ConfigureAwait(false);

        using var lifetime = new NodeLifetime();
        using var silo = ClusterHost.BuildSilo(host, logging => logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Error), builder =>
        {
            FailureDetection(builder);
            builder.Services.AddSingleton(lifetime);
            builder.Services.AddSingleton<IHostLifetime, NodeLifetime.Manual>();
        });
        var app = SpladeServer.Build(server with { Demo = false }, catalog: _ => Catalog(silo.Services, cluster.ClusterId), builder =>
        {
            builder.Services.AddSingleton<IHostLifetime, NodeLifetime.Manual>();
            builder.Services.AddSingleton<IClusterOperations>(_ => new ClusterOperations(
                new ClusterCollections(silo.Services.GetRequiredService<IGrainFactory>()), silo.Services.GetRequiredService<IClusterMembershipService>()));
        });
        await using (app.ConfigureAwait(false))
        {
            await JoinAsync(silo, cluster, cancellationToken).ConfigureAwait(false);

            // From here on a signal drains the node (before, it ends the process as any signal does).
            lifetime.ListenToSignals();
            try
            {
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
                var stop = await WaitForStopAsync(lifetime, silo, cancellationToken).ConfigureAwait(false);
                if (stop.Drain)
                {
                    await NodeDrain.RunAsync(silo.Services, cluster.DrainTimeout, stop.Reason, lifetime.Hurry).ConfigureAwait(false);
                }
            }
            finally
            {
                using var leave = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await app.StopAsync(leave.Token).ConfigureAwait(false);
                await silo.StopAsync(leave.Token).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Waits for a reason to stop: a signal or a removal (<see cref="NodeLifetime"/>), the caller's token, or the silo host
    /// stopping by itself (it learnt it was declared dead); the last two do not drain.</summary>
    private static async Task<NodeStop> WaitForStopAsync(NodeLifetime lifetime, IHost silo, CancellationToken cancellationToken)
    {
        var stopping = silo.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        var cancelled = new TaskCompletionSource<NodeStop>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var byCaller = cancellationToken.Register(() => cancelled.TrySetResult(new NodeStop("cancelled", Drain: false)));
        using var bySilo = stopping.Register(() => cancelled.TrySetResult(new NodeStop("the silo stopped", Drain: false)));
        return await (await Task.WhenAny(lifetime.Stopping, cancelled.Task).ConfigureAwait(false)).ConfigureAwait(false);
    }

    /// <summary>How fast a lost silo is noticed: a call to a silo that does not answer fails after 10 s, and a silo that misses 3
    /// probes of 2 s is voted dead (2 votes), so that a backup is promoted within about 20 s of a silo's death (docs/CLUSTER.md).</summary>
    private static void FailureDetection(ISiloBuilder silo)
    {
        silo.Configure<ClusterMembershipOptions>(membership =>
        {
            membership.ProbeTimeout = TimeSpan.FromSeconds(2);
            membership.NumMissedProbesLimit = 3;
        });
        silo.Configure<SiloMessagingOptions>(messaging => messaging.ResponseTimeout = TimeSpan.FromSeconds(10));
    }

    private static ClusterHostOptions HostOptions(ServerOptions server, ClusterServeOptions cluster)
    {
        if (!IPAddress.TryParse(cluster.SiloAddress, out var address))
        {
            throw new FormatException($"--silo-address must be an IP address such as 127.0.0.1, got `{cluster.SiloAddress}`.");
        }

        if (cluster.SiloPort == cluster.GatewayPort)
        {
            throw new FormatException($"--silo-port and --gateway-port must differ (both are {cluster.SiloPort}).");
        }

        if (string.IsNullOrWhiteSpace(cluster.ClusterId))
        {
            throw new FormatException("--cluster-id must not be empty.");
        }

        var host = new ClusterHostOptions
        {
            DataFolder = server.DataFolder,
            Redis = cluster.Redis,
            ClusterId = cluster.ClusterId,
            Address = address,
            SiloPort = cluster.SiloPort,
            GatewayPort = cluster.GatewayPort,
        };
        try
        {
            host.RedisConfiguration();
        }
        catch (StoreException error)
        {
            throw new FormatException(error.Message, error);
        }

        return host;
    }

    private static ClusterCatalog Catalog(IServiceProvider silo, string clusterId)
        => new(
            new ClusterCollections(silo.GetRequiredService<IGrainFactory>()),
            silo.GetRequiredService<IClusterMembershipService>(),
            silo.GetRequiredService<ILocalSiloDetails>().SiloAddress,
            clusterId);

    private static void CheckPortFree(IPAddress address, int port, string option)
    {
        if (port is < 1 or > 65535)
        {
            throw new FormatException($"{option} must be between 1 and 65535, got {port}.");
        }

        try
        {
            using var probe = new TcpListener(address, port);
            probe.Start();
        }
        catch (SocketException error)
        {
            throw new IOException(error.SocketErrorCode == SocketError.AddressAlreadyInUse
                ? $"{option} {port}: the port is already in use on {address}; choose another."
                : $"{option} {port}: cannot listen on {address}:{port} ({error.SocketErrorCode}).", error);
        }
    }

    /// <summary>Fails fast, naming the address, when Redis does not answer, instead of leaving the silo retrying its membership table.</summary>
    private static async Task ProbeRedisAsync(string address, string configuration, CancellationToken cancellationToken)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = true;
        options.ConnectRetry = 1;
        options.ConnectTimeout = (int)RedisTimeout.TotalMilliseconds;
        options.SyncTimeout = (int)RedisTimeout.TotalMilliseconds;
        options.AsyncTimeout = (int)RedisTimeout.TotalMilliseconds;
        try
        {
            var connect = ConnectionMultiplexer.ConnectAsync(options);
            using var redis = await connect.WaitAsync(RedisTimeout + RedisTimeout, cancellationToken).ConfigureAwait(false);
            await redis.GetDatabase().PingAsync().WaitAsync(RedisTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is RedisException or TimeoutException or SocketException)
        {
            throw new IOException(
                $"cannot reach Redis at {address}: it did not answer within {RedisTimeout.TotalSeconds:F0} s. Start redis-server there or correct --cluster.",
                error);
        }
    }

    private static async Task JoinAsync(IHost silo, ClusterServeOptions cluster, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(JoinTimeout);
        try
        {
            await silo.StartAsync(timeout.Token).WaitAsync(JoinTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested && error is not OutOfMemoryException)
        {
            var reason = error is OperationCanceledException or TimeoutException
                ? $"it did not join within {JoinTimeout.TotalSeconds:F0} s"
                : $"{error.GetType().Name}: {error.Message.Split('\n')[0].Trim()}";
            throw new IOException(
                $"the silo could not join cluster `{cluster.ClusterId}` through Redis at {cluster.Redis} on port {cluster.SiloPort}: {reason}.", error);
        }
    }
}
