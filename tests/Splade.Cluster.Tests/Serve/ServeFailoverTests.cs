using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Splade.Server.Tests.Process;
using Xunit.Abstractions;

namespace Splade.Cluster.Tests.Serve;

/// <summary>Three <c>splade serve --cluster</c> processes behind the single-machine HTTP API: a stream of upserts, deletes and queries,
/// one node killed with SIGKILL mid-stream and a fourth started later. No acknowledged write is lost, queries fail only inside the
/// failure window docs/CLUSTER.md states, and the final answers equal a single-machine server holding the same points.</summary>
public sealed class ServeFailoverTests(ITestOutputHelper output)
{
    /// <summary>The failure window docs/CLUSTER.md states: from a silo's death until membership declares it dead and the grain
    /// directory has moved, a query may be refused (503, naming the shards); never after.</summary>
    private static readonly TimeSpan FailureWindow = TimeSpan.FromSeconds(45);

    private const int Batches = 36;
    private const int KillAt = 10;
    private const int AddAt = 22;

    [Fact]
    public async Task A_killed_node_loses_no_acknowledged_write_and_the_cluster_answers_as_one_machine()
    {
        await using var cluster = await ServeCluster.StartAsync(3);
        var clients = cluster.Nodes.Select(cluster.Client).ToList();
        await ServerCalls.SendAsync(clients[0], HttpMethod.Put, "/collections/docs", TestPoints.Collection(shards: 3, replicas: 2).ToJsonString());
        var info = (await ServerCalls.SendAsync(clients[1], HttpMethod.Get, "/collections/docs", string.Empty))["result"]!;
        Assert.Equal(3, info["config"]!["params"]!["shard_number"]!.GetValue<int>());
        Assert.Equal(2, info["config"]!["params"]!["replication_factor"]!.GetValue<int>());
        foreach (var shard in info["splade"]!["shards"]!.AsArray())
        {
            var silos = shard!["replicas"]!.AsArray().Select(replica => replica!["silo"]!.GetValue<string>()).ToList();
            Assert.Equal(2, silos.Distinct().Count());
        }

        var live = new List<HttpClient>(clients);
        var expected = new Dictionary<long, int?>();
        var failedWrites = new List<string>();
        var queryErrors = new ConcurrentQueue<(TimeSpan At, string Error)>();
        var queries = 0;
        var clock = Stopwatch.StartNew();
        var killedAt = TimeSpan.MaxValue;
        HttpClient killed = clients[2];
        using var stop = new CancellationTokenSource();
        var reader = Task.Run(async () =>
        {
            var body = TestPoints.Queries()[0].Body.ToJsonString();
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                HttpClient client;
                lock (live)
                {
                    client = live[i % live.Count];
                }

                try
                {
                    using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
                    using var response = await client.PostAsync("/collections/docs/points/query", content);
                    if (!response.IsSuccessStatusCode)
                    {
                        queryErrors.Enqueue((clock.Elapsed, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}"));
                    }
                }
                catch (HttpRequestException) when (client == killed)
                {
                    // A client talking to the killed node itself: its own connection fails, the cluster is not at fault.
                }
                catch (HttpRequestException error)
                {
                    queryErrors.Enqueue((clock.Elapsed, error.Message));
                }

                Interlocked.Increment(ref queries);
                await Task.Delay(20);
            }
        });

        var random = new Random(22);
        var writeTimes = new List<double>();
        for (var batch = 0; batch < Batches; batch++)
        {
            if (batch == KillAt)
            {
                lock (live)
                {
                    live.Remove(killed);
                }

                killedAt = clock.Elapsed;
                await cluster.Nodes[2].KillAsync();
            }

            if (batch == AddAt)
            {
                var added = await cluster.AddNodeAsync();
                await cluster.WaitForActiveAsync(added, 3);
                lock (live)
                {
                    live.Add(cluster.Client(added));
                }
            }

            HttpClient writer;
            lock (live)
            {
                writer = live[batch % live.Count];
            }

            var upserts = Enumerable.Range(0, 8).Select(_ => (Id: (long)random.Next(1, 160), Version: batch + 1)).DistinctBy(point => point.Id).ToList();
            var started = clock.Elapsed;
            try
            {
                await ServerCalls.SendAsync(writer, HttpMethod.Put, "/collections/docs/points?wait=true", TestPoints.Upsert(upserts).ToJsonString());
                foreach (var (id, version) in upserts)
                {
                    expected[id] = version;
                }

                if (batch % 3 == 2)
                {
                    var deletes = expected.Keys.Order().Where((_, i) => i % 7 == batch % 7).Take(3).ToList();
                    await ServerCalls.SendAsync(writer, HttpMethod.Post, "/collections/docs/points/delete?wait=true",
                        new JsonObject { ["points"] = new JsonArray([.. deletes.Select(id => (JsonNode)id)]) }.ToJsonString());
                    foreach (var id in deletes)
                    {
                        expected[id] = null;
                    }
                }
            }
            catch (Exception error) when (error is Xunit.Sdk.XunitException or HttpRequestException or TaskCanceledException)
            {
                failedWrites.Add($"batch {batch}: {error.Message}");
                break;
            }

            writeTimes.Add((clock.Elapsed - started).TotalSeconds);
        }

        await stop.CancelAsync();
        await reader;

        // Every write was acknowledged (the router waits for a backup's promotion), and no acknowledged write is lost: the new node
        // reads every point back through the cluster with its last acknowledged version.
        Assert.True(failedWrites.Count == 0, string.Join("\n", failedWrites));
        var newcomer = live[^1];
        var stored = await ServerCalls.ReadAllAsync(newcomer, "docs", withVector: false);
        foreach (var (id, version) in expected)
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

        Assert.Equal(expected.Count(pair => pair.Value is not null), stored.Count);
        var count = (await ServerCalls.SendAsync(newcomer, HttpMethod.Post, "/collections/docs/points/count", "{}"))["result"]!["count"]!.GetValue<long>();
        Assert.Equal(stored.Count, count);

        // Queries failed only inside the failure window after the kill.
        var late = queryErrors.Where(error => error.At < killedAt || error.At > killedAt + FailureWindow).ToList();
        Assert.True(late.Count == 0, $"{late.Count} query errors outside the failure window: {string.Join("\n", late.Take(5))}");
        Assert.True(queries > 0);

        // The answers equal a single-machine server holding the same points.
        await AssertSameAsSingleMachineAsync(cluster.Data, newcomer, expected);

        var afterKill = string.Join(" ", writeTimes.Skip(KillAt).Take(4).Select(seconds => $"{seconds:F1}"));
        var errorTimes = string.Join(" ", queryErrors.Select(error => $"{(error.At - killedAt).TotalSeconds:F1}"));
        output.WriteLine($"queries {queries}, query errors {queryErrors.Count} at {errorTimes} s after the kill (window {FailureWindow.TotalSeconds} s), "
            + $"slowest write {writeTimes.Max():F1} s, the first writes after the kill {afterKill} s, total {clock.Elapsed.TotalSeconds:F0} s");
    }

    /// <summary>Writes the final points to a single-machine server and compares every kind of query, the count and the scroll.</summary>
    internal static async Task AssertSameAsSingleMachineAsync(string data, HttpClient cluster, Dictionary<long, int?> expected)
    {
        await using var single = await ServerProcess.StartAsync(Path.Combine(data, "single"), null, "--no-demo");
        using var client = single.CreateClient();
        await ServerCalls.SendAsync(client, HttpMethod.Put, "/collections/docs", TestPoints.Collection().ToJsonString());
        var points = expected.Where(pair => pair.Value is not null).Select(pair => (pair.Key, pair.Value!.Value)).ToList();
        await ServerCalls.SendAsync(client, HttpMethod.Put, "/collections/docs/points?wait=true", TestPoints.Upsert(points).ToJsonString());
        foreach (var (name, body) in TestPoints.Queries(points.Min(point => point.Key)))
        {
            var text = body.ToJsonString();
            var want = (await ServerCalls.SendAsync(client, HttpMethod.Post, "/collections/docs/points/query", text))["result"]!["points"]!.AsArray();
            var got = (await ServerCalls.SendAsync(cluster, HttpMethod.Post, "/collections/docs/points/query", text))["result"]!["points"]!.AsArray();
            Assert.True(want.Count > 0, $"{name}: the single machine found nothing");
            AssertSameRanking(name, want, got);
        }

        var filter = """{"filter":{"must":[{"key":"tag","match":{"value":"odd"}}]}}""";
        Assert.Equal(
            (await ServerCalls.SendAsync(client, HttpMethod.Post, "/collections/docs/points/count", filter))["result"]!.ToJsonString(),
            (await ServerCalls.SendAsync(cluster, HttpMethod.Post, "/collections/docs/points/count", filter))["result"]!.ToJsonString());
        var scroll = """{"limit":7,"offset":40,"with_payload":["v"],"with_vector":["d"],"filter":{"must":[{"key":"i","range":{"lt":140}}]}}""";
        Assert.Equal(
            (await ServerCalls.SendAsync(client, HttpMethod.Post, "/collections/docs/points/scroll", scroll))["result"]!.ToJsonString(),
            (await ServerCalls.SendAsync(cluster, HttpMethod.Post, "/collections/docs/points/scroll", scroll))["result"]!.ToJsonString());
        var retrieve = """{"ids":[3,1,2,150,77],"with_payload":true,"with_vector":true}""";
        Assert.Equal(
            (await ServerCalls.SendAsync(client, HttpMethod.Post, "/collections/docs/points", retrieve))["result"]!.ToJsonString(),
            (await ServerCalls.SendAsync(cluster, HttpMethod.Post, "/collections/docs/points", retrieve))["result"]!.ToJsonString());

        // Documents are encoded on the node that receives them, then routed: BM25 texts upserted and queried through the cluster
        // answer as on one server, and so does the encoding endpoint.
        string[] texts = ["the quick brown fox jumps", "a lazy dog sleeps all day", "the fox and the dog are good friends in the old green forest",
            "brown bears and red foxes", "a fox, a fox, a quick red fox"];
        var documents = new JsonObject
        {
            ["points"] = new JsonArray([.. texts.Select((text, i) => (JsonNode)new JsonObject
            {
                ["id"] = i + 1,
                ["payload"] = new JsonObject { ["text"] = text },
                ["vector"] = new JsonObject { ["bm25"] = new JsonObject { ["text"] = text, ["model"] = "bm25" } },
            })]),
        }.ToJsonString();
        foreach (var (target, sharding) in new[] { (client, string.Empty), (cluster, ""","shard_number":2""") })
        {
            await ServerCalls.SendAsync(target, HttpMethod.Put, "/collections/texts", """{"sparse_vectors":{"bm25":{"modifier":"idf"}}""" + sharding + "}");
            await ServerCalls.SendAsync(target, HttpMethod.Put, "/collections/texts/points?wait=true", documents);
        }

        var textQuery = """{"query":{"text":"quick fox","model":"bm25"},"using":"bm25","limit":4,"with_payload":true,"explain":true}""";
        AssertSameRanking(
            "bm25 text",
            (await ServerCalls.SendAsync(client, HttpMethod.Post, "/collections/texts/points/query", textQuery))["result"]!["points"]!.AsArray(),
            (await ServerCalls.SendAsync(cluster, HttpMethod.Post, "/collections/texts/points/query", textQuery))["result"]!["points"]!.AsArray());
        var encode = """{"texts":["a quick brown fox"],"model":"bm25"}""";
        Assert.Equal(
            (await ServerCalls.SendAsync(client, HttpMethod.Post, "/splade/encode", encode))["result"]!.ToJsonString(),
            (await ServerCalls.SendAsync(cluster, HttpMethod.Post, "/splade/encode", encode))["result"]!.ToJsonString());

        // A delete by filter removes the same points.
        var byFilter = """{"filter":{"must":[{"key":"text","match":{"any":["brown bears and red foxes","a lazy dog sleeps all day"]}}]}}""";
        await ServerCalls.SendAsync(client, HttpMethod.Post, "/collections/texts/points/delete?wait=true", byFilter);
        await ServerCalls.SendAsync(cluster, HttpMethod.Post, "/collections/texts/points/delete?wait=true", byFilter);
        var remaining = """{"limit":10,"with_payload":true}""";
        var left = (await ServerCalls.SendAsync(client, HttpMethod.Post, "/collections/texts/points/scroll", remaining))["result"]!.ToJsonString();
        Assert.Equal(left, (await ServerCalls.SendAsync(cluster, HttpMethod.Post, "/collections/texts/points/scroll", remaining))["result"]!.ToJsonString());
        Assert.Contains("quick brown fox", left);
        Assert.DoesNotContain("lazy dog", left);
    }

    /// <summary>Equal scores in the same order, equal payloads and vectors, and the same ids wherever a score is not shared (a single
    /// machine orders ties by insertion, a cluster by id).</summary>
    private static void AssertSameRanking(string name, JsonArray want, JsonArray got)
    {
        Assert.True(want.Count == got.Count, $"{name}: {want.Count} hits on a single machine, {got.Count} on the cluster");
        for (var i = 0; i < want.Count; i++)
        {
            var score = want[i]!["score"]!.GetValue<float>();
            Assert.True(
                score == got[i]!["score"]!.GetValue<float>(), $"{name}: hit {i}: score {score} on a single machine, {got[i]!["score"]} on the cluster");
            if (want.Count(hit => hit!["score"]!.GetValue<float>() == score) == 1)
            {
                Assert.Equal(want[i]!["id"]!.ToJsonString(), got[i]!["id"]!.ToJsonString());
                Assert.Equal(want[i]!["payload"]?.ToJsonString(), got[i]!["payload"]?.ToJsonString());
                Assert.Equal(want[i]!["vector"]?.ToJsonString(), got[i]!["vector"]?.ToJsonString());
                Assert.Equal(want[i]!["explanation"]?.ToJsonString(), got[i]!["explanation"]?.ToJsonString());
            }
        }
    }
}
