using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Splade.Server.Tests.Process;
using Xunit.Abstractions;

namespace Splade.Cluster.Tests.Serve;

/// <summary>The writes that depend on a collection's state, through real <c>splade serve --cluster</c> processes and a single-machine
/// <c>splade serve</c> given the same requests: conditional upserts, vector updates and deletions, every payload operation by ids and
/// by filter, payload indexes, deletes by filter and the batch endpoint (404 on both: not implemented) answer the same (status, error)
/// and leave the same points; then a node is killed with SIGKILL during a stream of payload writes and no acknowledged one is lost.</summary>
public sealed class ServeWritesTests(ITestOutputHelper output)
{
    private const string Odd = """{"must":[{"key":"tag","match":{"value":"odd"}}]}""";
    private const string Low = """{"must":[{"key":"i","range":{"lt":15}}]}""";

    [Fact]
    public async Task Every_write_answers_as_on_one_machine_and_a_killed_node_loses_no_payload_write()
    {
        await using var cluster = await ServeCluster.StartAsync(3);
        await using var single = await ServerProcess.StartAsync(Path.Combine(cluster.Data, "single"), null, "--no-demo");
        using var one = single.CreateClient();
        var clients = cluster.Nodes.Select(cluster.Client).ToList();
        await ServerCalls.SendAsync(one, HttpMethod.Put, "/collections/docs", TestPoints.Collection().ToJsonString());
        await ServerCalls.SendAsync(clients[0], HttpMethod.Put, "/collections/docs", TestPoints.Collection(shards: 3, replicas: 2).ToJsonString());
        var seed = TestPoints.Upsert(Enumerable.Range(1, 40).Select(id => ((long)id, 1))).ToJsonString();
        await ServerCalls.SendAsync(one, HttpMethod.Put, "/collections/docs/points?wait=true", seed);
        await ServerCalls.SendAsync(clients[1], HttpMethod.Put, "/collections/docs/points?wait=true", seed);

        var step = 0;
        foreach (var (method, path, body) in Steps())
        {
            var what = $"{method} {path} {body}";
            var (wantStatus, want) = await CallAsync(one, method, "/collections/docs" + path, body);
            var (gotStatus, got) = await CallAsync(clients[step++ % clients.Count], method, "/collections/docs" + path, body);
            Assert.True(wantStatus == gotStatus, $"{what}: {wantStatus} {want} on a single machine, {gotStatus} {got} on the cluster");
            Assert.True(
                Comparable(want) == Comparable(got), $"{what}: {want} on a single machine, {got} on the cluster");
            var wantPoints = await ServerCalls.ReadAllAsync(one, "docs", withVector: true);
            var gotPoints = await ServerCalls.ReadAllAsync(clients[step % clients.Count], "docs", withVector: true);
            Assert.True(Describe(wantPoints) == Describe(gotPoints), $"after {what}:\n{Describe(wantPoints)}\n---\n{Describe(gotPoints)}");
        }

        var wantInfo = (await ServerCalls.SendAsync(one, HttpMethod.Get, "/collections/docs", string.Empty))["result"]!;
        var gotInfo = (await ServerCalls.SendAsync(clients[2], HttpMethod.Get, "/collections/docs", string.Empty))["result"]!;
        Assert.Equal(wantInfo["payload_schema"]!.ToJsonString(), gotInfo["payload_schema"]!.ToJsonString());
        Assert.Contains("\"i\"", gotInfo["payload_schema"]!.ToJsonString());

        await StreamPayloadWritesWhileANodeDiesAsync(cluster, clients);
    }

    /// <summary>Payload writes (by ids and by filter) stream through the live nodes while one node (holding one shard's primary and
    /// another's backup) is killed: every write is acknowledged, and every point reads back with its last acknowledged payload.</summary>
    private async Task StreamPayloadWritesWhileANodeDiesAsync(ServeCluster cluster, List<HttpClient> clients)
    {
        await ServerCalls.SendAsync(clients[0], HttpMethod.Put, "/collections/stream", TestPoints.Collection(shards: 3, replicas: 2).ToJsonString());
        await ServerCalls.SendAsync(clients[0], HttpMethod.Put, "/collections/stream/points?wait=true",
            TestPoints.Upsert(Enumerable.Range(1, 30).Select(id => ((long)id, 1))).ToJsonString());
        var live = clients.Take(2).ToList();
        var expected = new Dictionary<long, int>();
        var clock = Stopwatch.StartNew();
        var slowest = 0.0;
        for (var batch = 0; batch < 24; batch++)
        {
            if (batch == 6)
            {
                await cluster.Nodes[2].KillAsync();
            }

            var started = clock.Elapsed;
            var writer = live[batch % live.Count];
            if (batch % 3 == 2)
            {
                await ServerCalls.SendAsync(writer, HttpMethod.Post, "/collections/stream/points/payload?wait=true",
                    $$$"""{"filter":{{{Low}}},"payload":{"w":{{{batch}}}}}""");
                foreach (var id in Enumerable.Range(1, 14))
                {
                    expected[id] = batch;
                }
            }
            else
            {
                var ids = Enumerable.Range(0, 5).Select(k => (long)(((batch * 7) + (k * 5)) % 30) + 1).Distinct().ToList();
                await ServerCalls.SendAsync(writer, HttpMethod.Post, "/collections/stream/points/payload?wait=true",
                    new JsonObject { ["points"] = new JsonArray([.. ids.Select(id => (JsonNode)id)]), ["payload"] = new JsonObject { ["w"] = batch } }
                        .ToJsonString());
                foreach (var id in ids)
                {
                    expected[id] = batch;
                }
            }

            slowest = Math.Max(slowest, (clock.Elapsed - started).TotalSeconds);
        }

        var stored = await ServerCalls.ReadAllAsync(live[0], "stream", withVector: false);
        Assert.Equal(30, stored.Count);
        foreach (var (id, point) in stored)
        {
            var w = point["payload"]!["w"]?.GetValue<int>();
            Assert.True(w == (expected.TryGetValue(id, out var last) ? last : null), $"point {id}: payload w {w}, acknowledged {last}");
            Assert.Equal(1, point["payload"]!["v"]!.GetValue<int>());
        }

        output.WriteLine($"24 payload writes with a node killed after 6: slowest {slowest:F1} s, total {clock.Elapsed.TotalSeconds:F0} s");
    }

    /// <summary>Every write of the single-machine API that depends on the collection's state, by ids and by filter, with some refused.</summary>
    private static IEnumerable<(HttpMethod Method, string Path, string Body)> Steps()
    {
        string Points(params (long Id, int Version)[] points) => TestPoints.Upsert(points)["points"]!.ToJsonString();
        yield return (HttpMethod.Put, "/points?wait=true", $$"""{"points":{{Points((3, 2), (41, 2), (42, 2))}},"update_mode":"insert_only"}""");
        yield return (HttpMethod.Put, "/points?wait=true", $$"""{"points":{{Points((4, 3), (43, 3))}},"update_mode":"update_only"}""");
        yield return (HttpMethod.Put, "/points?wait=true", $$"""{"points":{{Points((5, 4), (6, 4), (44, 4))}},"update_filter":{{Odd}}}""");
        yield return (HttpMethod.Put, "/points?wait=true", """{"points":[],"update_mode":"sometimes"}""");
        yield return (HttpMethod.Put, "/points/vectors?wait=true",
            """{"points":[{"id":7,"vector":{"d":[1,2,3,4]}},{"id":8,"vector":{"s":{"indices":[1,2],"values":[0.5,0.25]}}}]}""");
        yield return (HttpMethod.Put, "/points/vectors?wait=true",
            $$$"""{"points":[{"id":9,"vector":{"d":[4,3,2,1]}},{"id":10,"vector":{"d":[4,3,2,1]}}],"update_filter":{{{Odd}}}}""");
        yield return (HttpMethod.Put, "/points/vectors", """{"points":[{"id":11,"vector":{"d":[1,1,1,1]}},{"id":999,"vector":{"d":[1,1,1,1]}}]}""");
        yield return (HttpMethod.Put, "/points/vectors", """{"points":[{"id":11,"vector":{"d":[1,1]}}]}""");
        yield return (HttpMethod.Post, "/points/vectors/delete?wait=true", """{"points":[12,13,500],"vector":["d"]}""");
        yield return (HttpMethod.Post, "/points/vectors/delete?wait=true", $$"""{"filter":{{Low}},"vector":["b"]}""");
        yield return (HttpMethod.Post, "/points/vectors/delete", """{"points":[12],"vector":["nope"]}""");
        yield return (HttpMethod.Post, "/points/payload?wait=true", """{"points":[14,15,600],"payload":{"x":1,"nested":{"a":[1,2]}}}""");
        yield return (HttpMethod.Post, "/points/payload?wait=true", $$$"""{"filter":{{{Odd}}},"payload":{"y":"z"}}""");
        yield return (HttpMethod.Post, "/points/payload", """{"points":[14],"payload":{"x":2},"key":"nested"}""");
        yield return (HttpMethod.Put, "/points/payload?wait=true", """{"points":[16],"payload":{"only":true}}""");
        yield return (HttpMethod.Put, "/points/payload?wait=true", $$$"""{"filter":{{{Low}}},"payload":{"tag":"odd","i":3}}""");
        yield return (HttpMethod.Post, "/points/payload/delete?wait=true", """{"points":[17,18],"keys":["tag","nested.a"]}""");
        yield return (HttpMethod.Post, "/points/payload/delete?wait=true", $$"""{"filter":{{Odd}},"keys":["y"]}""");
        yield return (HttpMethod.Post, "/points/payload/clear?wait=true", """{"points":[19]}""");
        yield return (HttpMethod.Post, "/points/payload/clear?wait=true", """{"filter":{"must":[{"key":"i","range":{"gte":38}}]}}""");
        yield return (HttpMethod.Put, "/index?wait=true", """{"field_name":"tag","field_schema":"keyword"}""");
        yield return (HttpMethod.Put, "/index?wait=true", """{"field_name":"i","field_schema":{"type":"integer","range":true}}""");
        yield return (HttpMethod.Delete, "/index/tag?wait=true", string.Empty);
        yield return (HttpMethod.Post, "/points/count", """{"filter":{"must":[{"key":"i","match":{"value":"seven"}}]}}""");
        yield return (HttpMethod.Post, "/points/delete?wait=true", $$"""{"filter":{{Odd}}}""");
        yield return (HttpMethod.Post, "/points/delete?wait=true", """{"filter":{"must":[{"key":"i","match":{"value":"seven"}}]}}""");
        yield return (HttpMethod.Post, "/points/batch", """{"operations":[{"delete":{"points":[1]}}]}""");
    }

    private static async Task<(HttpStatusCode Status, JsonNode? Body)> CallAsync(HttpClient client, HttpMethod method, string path, string body)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body.Length > 0)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync()));
    }

    /// <summary>An answer without what differs between machines by design: the time taken, and a write's operation number (a cluster's
    /// is its shard's sequence number).</summary>
    private static string Comparable(JsonNode? answer)
    {
        var copy = answer?.DeepClone().AsObject() ?? new JsonObject();
        copy.Remove("time");
        copy.Remove("usage");
        if (copy["result"] is JsonObject result)
        {
            result.Remove("operation_id");
        }

        return copy.ToJsonString();
    }

    private static string Describe(Dictionary<long, JsonNode> points)
        => string.Join("\n", points.OrderBy(pair => pair.Key).Select(pair => pair.Value.ToJsonString()));
}
