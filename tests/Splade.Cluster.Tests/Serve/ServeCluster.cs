using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Splade.Server.Tests.Process;
using Splade.Tests.Shared;

namespace Splade.Cluster.Tests.Serve;

/// <summary>A cluster of real <c>splade serve --cluster</c> processes on loopback ports, with the Redis server (in memory only) that
/// holds their membership table and shard map; every process is killed and every folder deleted on dispose.</summary>
internal sealed class ServeCluster : IAsyncDisposable
{
    private readonly TempFolder _data = new("splade-serve-cluster-");
    private readonly List<ServerProcess> _nodes = [];
    private readonly List<HttpClient> _clients = [];
    private RedisServer? _redis;

    public RedisServer Redis => _redis!;

    public string RedisAddress => $"redis://{Redis.Configuration}";

    public string Data => _data.Path;

    public IReadOnlyList<ServerProcess> Nodes => _nodes;

    public static async Task<ServeCluster> StartAsync(int nodes)
    {
        var cluster = new ServeCluster();
        try
        {
            cluster._redis = await RedisServer.StartAsync();
            await Task.WhenAll(Enumerable.Range(0, nodes).Select(_ => cluster.AddNodeAsync()));
            foreach (var node in cluster._nodes)
            {
                await cluster.WaitForActiveAsync(node, nodes);
            }

            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts one more node (its own data folder and free silo and gateway ports) and returns it once it listens.</summary>
    public async Task<ServerProcess> AddNodeAsync(params string[] extra)
    {
        string folder;
        lock (_nodes)
        {
            folder = _data.Combine(string.Create(CultureInfo.InvariantCulture, $"node{_nodes.Count}-{Guid.NewGuid():N}"));
        }

        var node = await ServerProcess.StartAsync(folder, null,
            ["--cluster", RedisAddress, "--silo-port", Port(), "--gateway-port", Port(), .. extra]);
        lock (_nodes)
        {
            _nodes.Add(node);
        }

        return node;
    }

    /// <summary>A client of a node (disposed with the cluster).</summary>
    public HttpClient Client(ServerProcess node)
    {
        var client = node.CreateClient();
        lock (_clients)
        {
            _clients.Add(client);
        }

        return client;
    }

    /// <summary>Waits (at most two minutes) until <paramref name="node"/> sees <paramref name="active"/> active members.</summary>
    public async Task<JsonNode> WaitForActiveAsync(ServerProcess node, int active)
    {
        var client = Client(node);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var cluster = (await ServerCalls.SendAsync(client, HttpMethod.Get, "/cluster", string.Empty))["result"]!;
            var count = cluster["members"]!.AsArray().Count(member => member!["status"]!.GetValue<string>() == "active");
            if (count == active)
            {
                return cluster;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), $"node {node.Id} saw {count} active members, not {active}: {cluster.ToJsonString()}");
            await Task.Delay(250);
        }
    }

    /// <summary>Pauses (SIGSTOP) or resumes (SIGCONT) a node's process.</summary>
    public static async Task SignalAsync(ServerProcess node, string signal)
    {
        // A node that has exited already (a silo that learns it was voted dead stops itself) makes kill complain; that is fine.
        var start = new ProcessStartInfo("kill") { RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add($"-{signal}");
        start.ArgumentList.Add(node.Id.ToString(CultureInfo.InvariantCulture));
        using var kill = System.Diagnostics.Process.Start(start)!;
        await kill.StandardError.ReadToEndAsync();
        await kill.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        foreach (var node in _nodes)
        {
            try
            {
                await SignalAsync(node, "CONT");
            }
            catch (InvalidOperationException)
            {
                // The process is gone already.
            }

            await node.DisposeAsync();
        }

        _redis?.Dispose();
        _data.Dispose();
    }

    private static string Port()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
    }
}
