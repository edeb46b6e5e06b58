using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Splade.Server.Tests.Process;
using Xunit.Abstractions;

namespace Splade.Cluster.Tests.Serve;

/// <summary>Silos leaving gracefully while writes and queries stream through the HTTP API: one drained with <c>splade cluster drain</c>
/// and removed with <c>DELETE /cluster/peer/{silo}</c>, another stopped with SIGTERM (it drains itself before it exits). Every shard keeps
/// its replication factor of in-sync replicas on active silos throughout, no acknowledged write is lost, and the final answers equal a
/// single machine's.</summary>
public sealed class ServeDrainTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Drained_and_terminated_nodes_move_their_replicas_off_first()
    {
        // Four nodes, so that after one is drained and removed, the node stopped with SIGTERM can still be drained (two silos are left
        // for a replication factor of 2); the last drain is then refused.
        await using var cluster = await ServeCluster.StartAsync(4);
        var clients = cluster.Nodes.Select(cluster.Client).ToList();
        await ServerCalls.SendAsync(clients[0], HttpMethod.Put, "/collections/docs", TestPoints.Collection(shards: 4, replicas: 2).ToJsonString());
        var silos = new List<string>();
        foreach (var client in clients)
        {
            silos.Add((await ServerCalls.SendAsync(client, HttpMethod.Get, "/cluster", string.Empty))["result"]!["silo"]!.GetValue<string>());
        }

        using var stream = new Traffic(clients);
        var running = stream.RunAsync();
        await stream.WaitForBatchesAsync(4);

        // 1. The command line drains node 3's silo (named as GET /cluster lists it) and waits until it holds nothing.
        var (code, text) = await ServerProcess.RunAsync(null,
            "cluster", "drain", silos[3], "--node", cluster.Nodes[0].Address.ToString(), "--timeout", "110");
        Assert.True(code == 0, $"splade cluster drain exited with {code}: {text}");
        Assert.Contains("holds no replica", text);
        var member = await MemberAsync(clients[1], silos[3]);
        Assert.True(member["draining"]!.GetValue<bool>(), member.ToJsonString());
        Assert.Equal(0, member["replicas"]!.GetValue<int>());
        AssertSilosHold(await InfoAsync(clients[1]), [silos[0], silos[1], silos[2]]);

        // 2. A silo that holds replicas is not removed without force; the drained one is (by HOST:PORT), and its process stops.
        var refused = await SendAsync(clients[1], HttpMethod.Delete, $"/cluster/peer/{Uri.EscapeDataString(silos[2])}");
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("still holds", refused.Body);
        await stream.RetireAsync(clients[3]);
        var removed = await SendAsync(clients[1], HttpMethod.Delete, $"/cluster/peer/{Endpoint(silos[3])}?timeout=60");
        Assert.True(removed.Status == HttpStatusCode.OK, removed.Body);
        Assert.Equal(0, await cluster.Nodes[3].WaitForExitAsync());

        // 3. SIGTERM: node 2 drains itself before it leaves, so its shards keep two in-sync replicas on the silos that stay.
        await stream.WaitForBatchesAsync(stream.Batches + 3);
        await stream.RetireAsync(clients[2]);
        Assert.Equal(0, await cluster.Nodes[2].TerminateAsync());
        Assert.Contains("drained: this node holds no replica", cluster.Nodes[2].Output);
        AssertSilosHold(await InfoAsync(clients[0]), [silos[0], silos[1]]);

        // 4. Draining either of the last two silos is refused: the other alone cannot hold a replication factor of 2.
        (code, text) = await ServerProcess.RunAsync(null, "cluster", "drain", Endpoint(silos[1]), "--node", cluster.Nodes[0].Address.ToString());
        Assert.True(code == 1, $"splade cluster drain exited with {code}: {text}");
        Assert.Contains("replication_factor is 2", text);
        Assert.False((await MemberAsync(clients[0], silos[1]))["draining"]!.GetValue<bool>());

        await stream.WaitForBatchesAsync(stream.Batches + 3);
        await stream.StopAsync();
        await running;
        Assert.True(stream.Failures.IsEmpty, string.Join("\n", stream.Failures.Take(5)));
        Assert.True(stream.UnderReplicated.IsEmpty, string.Join("\n", stream.UnderReplicated.Take(5)));

        var stored = await ServerCalls.ReadAllAsync(clients[0], "docs", withVector: false);
        foreach (var (id, version) in stream.Expected)
        {
            if (version is null)
            {
                Assert.False(stored.ContainsKey(id), $"point {id} was deleted (acknowledged) but reads back");
            }
            else
            {
                Assert.True(stored.TryGetValue(id, out var point), $"point {id} (version {version}, acknowledged) is missing");
                Assert.Equal(version, point!["payload"]!["v"]!.GetValue<int>());
            }
        }

        Assert.Equal(stream.Expected.Count(pair => pair.Value is not null), stored.Count);
        await ServeFailoverTests.AssertSameAsSingleMachineAsync(cluster.Data, clients[0], stream.Expected);
        output.WriteLine($"{stream.Batches} write batches, {stream.Queries} queries, {stream.InfoReads} collection infos checked");
    }

    /// <summary>Every shard has exactly two replicas, in sync, on active silos among <paramref name="silos"/>, none being built or moved.</summary>
    private static void AssertSilosHold(JsonNode info, string[] silos)
    {
        Assert.Equal("green", info["status"]!.GetValue<string>());
        foreach (var shard in info["splade"]!["shards"]!.AsArray())
        {
            var replicas = shard!["replicas"]!.AsArray();
            Assert.True(replicas.Count == 2, shard.ToJsonString());
            foreach (var replica in replicas)
            {
                Assert.True(replica!["in_sync"]!.GetValue<bool>() && replica["silo_active"]!.GetValue<bool>(), shard.ToJsonString());
                Assert.Contains(replica["silo"]!.GetValue<string>(), silos);
            }
        }
    }

    private static async Task<JsonNode> InfoAsync(HttpClient client)
        => (await ServerCalls.SendAsync(client, HttpMethod.Get, "/collections/docs", string.Empty))["result"]!;

    private static async Task<JsonNode> MemberAsync(HttpClient client, string silo)
        => (await ServerCalls.SendAsync(client, HttpMethod.Get, "/cluster", string.Empty))["result"]!["members"]!.AsArray()
            .Single(member => member!["silo"]!.GetValue<string>() == silo)!;

    private static async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpClient client, HttpMethod method, string path)
    {
        using var request = new HttpRequestMessage(method, path);
        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A silo's <c>HOST:PORT</c> from its Orleans name (<c>S127.0.0.1:11111:123456789</c>).</summary>
    private static string Endpoint(string silo) => silo[1..silo.LastIndexOf(':')];

    /// <summary>Upserts (ids overwritten with new versions) and deletes in batches, and queries and collection infos, each spread over
    /// the nodes not retired; records every acknowledged version, every failure, and every moment a shard had fewer than two in-sync
    /// replicas on active silos.</summary>
    private sealed class Traffic(List<HttpClient> clients) : IDisposable
    {
        private readonly List<HttpClient> _live = [.. clients];
        private readonly Dictionary<HttpClient, int> _inFlight = [];
        private readonly CancellationTokenSource _stop = new();
        private int _batches;
        private int _queries;
        private int _infos;

        public Dictionary<long, int?> Expected { get; } = [];

        public ConcurrentQueue<string> Failures { get; } = new();

        public ConcurrentQueue<string> UnderReplicated { get; } = new();

        public int Batches => Volatile.Read(ref _batches);

        public int Queries => Volatile.Read(ref _queries);

        public int InfoReads => Volatile.Read(ref _infos);

        /// <summary>Sends nothing more to <paramref name="client"/>'s node, and waits until its requests under way are answered.</summary>
        public async Task RetireAsync(HttpClient client)
        {
            lock (_live)
            {
                _live.Remove(client);
            }

            while (true)
            {
                lock (_live)
                {
                    if (_inFlight.GetValueOrDefault(client) == 0)
                    {
                        return;
                    }
                }

                await Task.Delay(50);
            }
        }

        public Task RunAsync() => Task.WhenAll(Task.Run(WriteAsync), Task.Run(QueryAsync), Task.Run(WatchAsync));

        public async Task WaitForBatchesAsync(int batches)
        {
            var clock = Stopwatch.StartNew();
            while (Batches < batches && Failures.IsEmpty)
            {
                Assert.True(clock.Elapsed < TimeSpan.FromMinutes(3), $"the stream wrote {Batches} batches, not {batches}");
                await Task.Delay(100);
            }
        }

        public Task StopAsync() => _stop.CancelAsync();

        public void Dispose() => _stop.Dispose();

        /// <summary>Sends one request through a live node (the i-th, round robin), counted as under way until it is answered.</summary>
        private async Task<T> OnNodeAsync<T>(int i, Func<HttpClient, Task<T>> send)
        {
            HttpClient client;
            lock (_live)
            {
                client = _live[i % _live.Count];
                _inFlight[client] = _inFlight.GetValueOrDefault(client) + 1;
            }

            try
            {
                return await send(client);
            }
            finally
            {
                lock (_live)
                {
                    _inFlight[client]--;
                }
            }
        }

        private async Task WriteAsync()
        {
            var random = new Random(5);
            for (var batch = 0; !_stop.IsCancellationRequested; batch++)
            {
                var upserts = Enumerable.Range(0, 8).Select(_ => (Id: (long)random.Next(1, 160), Version: batch + 1)).DistinctBy(point => point.Id).ToList();
                try
                {
                    await OnNodeAsync(batch, client => ServerCalls.SendAsync(
                        client, HttpMethod.Put, "/collections/docs/points?wait=true", TestPoints.Upsert(upserts).ToJsonString()));
                    foreach (var (id, version) in upserts)
                    {
                        Expected[id] = version;
                    }

                    if (batch % 3 == 2)
                    {
                        var deletes = Expected.Keys.Order().Where((_, i) => i % 7 == batch % 7).Take(3).ToList();
                        await OnNodeAsync(batch, client => ServerCalls.SendAsync(client, HttpMethod.Post, "/collections/docs/points/delete?wait=true",
                            new JsonObject { ["points"] = new JsonArray([.. deletes.Select(id => (JsonNode)id)]) }.ToJsonString()));
                        foreach (var id in deletes)
                        {
                            Expected[id] = null;
                        }
                    }
                }
                catch (Exception error) when (error is Xunit.Sdk.XunitException or HttpRequestException or TaskCanceledException)
                {
                    Failures.Enqueue($"write batch {batch}: {error.Message}");
                    return;
                }

                Interlocked.Increment(ref _batches);
                await Task.Delay(100);
            }
        }

        private async Task QueryAsync()
        {
            var body = TestPoints.Queries()[0].Body.ToJsonString();
            for (var i = 0; !_stop.IsCancellationRequested; i++)
            {
                try
                {
                    await OnNodeAsync(i, client => ServerCalls.SendAsync(client, HttpMethod.Post, "/collections/docs/points/query", body));
                }
                catch (Exception error) when (error is Xunit.Sdk.XunitException or HttpRequestException or TaskCanceledException)
                {
                    Failures.Enqueue($"query {i}: {error.Message}");
                }

                Interlocked.Increment(ref _queries);
                await Task.Delay(50);
            }
        }

        private async Task WatchAsync()
        {
            for (var i = 0; !_stop.IsCancellationRequested; i++)
            {
                try
                {
                    var info = await OnNodeAsync(i, InfoAsync);
                    foreach (var shard in info["splade"]!["shards"]!.AsArray())
                    {
                        var inSync = shard!["replicas"]!.AsArray().Count(r => r!["in_sync"]!.GetValue<bool>() && r["silo_active"]!.GetValue<bool>());
                        if (inSync < 2)
                        {
                            UnderReplicated.Enqueue($"shard {shard["shard"]} with {inSync} in-sync replica(s) on active silos: {shard.ToJsonString()}");
                        }
                    }
                }
                catch (Exception error) when (error is Xunit.Sdk.XunitException or HttpRequestException or TaskCanceledException)
                {
                    Failures.Enqueue($"collection info {i}: {error.Message}");
                }

                Interlocked.Increment(ref _infos);
                await Task.Delay(200);
            }
        }
    }
}
