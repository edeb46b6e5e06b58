using System.Text.Json;
using System.Text.Json.Nodes;
using Splade.Server.Tests.Process;
using Splade.Tests.Shared;
using Xunit.Abstractions;

namespace Splade.Cluster.Tests.Web;

/// <summary>Programs that know nothing of Splade.NET against a <c>splade serve --cluster</c> node: Qdrant's JavaScript client (the
/// single server's script, tests/Splade.Server.Tests/Node/qdrant-client.mjs, in its cluster mode) gets the single server's answers,
/// and the OpenAPI document and the service endpoints answer as a single server's do.</summary>
[Collection(ClusterWebGroup.Name)]
public sealed class ClusterClientTests(ClusterWebFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Qdrants_JavaScript_client_gets_the_single_servers_answers_from_a_sharded_collection()
    {
        using var folder = new TempFolder("splade-cluster-client-");
        var onCluster = folder.Combine("cluster.json");
        var (code, text) = await NodeScripts.RunAsync("qdrant-client.mjs", fixture.Cluster.Nodes[1].Address, new Dictionary<string, string>
        {
            ["SPLADE_SHARD_NUMBER"] = "3", ["SPLADE_REPLICATION_FACTOR"] = "2", ["SPLADE_CLIENT_TRANSCRIPT"] = onCluster,
        });
        Assert.True(code == 0, $"the client script failed on the cluster ({code}):\n{text}");
        Assert.Contains("ok - sparse query with a filter matches the oracle", text, StringComparison.Ordinal);
        Assert.Matches(@"ok - all \d+ steps", text);

        // What the cluster still refuses (each answered 400 naming the operation; the script fails when one is served).
        var refused = text.Split('\n', StringSplitOptions.TrimEntries)
            .Where(line => line.StartsWith("refused - ", StringComparison.Ordinal))
            .Select(line => line["refused - ".Length..line.LastIndexOf(": ", StringComparison.Ordinal)])
            .ToList();
        output.WriteLine($"steps a cluster refuses: {(refused.Count == 0 ? "none" : string.Join("; ", refused))}");

        // The single server, with the same steps left out, answers every step exactly as the cluster did.
        var onSingle = folder.Combine("single.json");
        var (singleCode, singleText) = await NodeScripts.RunAsync("qdrant-client.mjs", fixture.SingleAddress, new Dictionary<string, string>
        {
            ["SPLADE_CLIENT_SKIP"] = JsonSerializer.Serialize(refused), ["SPLADE_CLIENT_TRANSCRIPT"] = onSingle,
        });
        Assert.True(singleCode == 0, $"the client script failed on the single server ({singleCode}):\n{singleText}");
        var expected = JsonNode.Parse(await File.ReadAllTextAsync(onSingle))!.AsObject();
        var actual = JsonNode.Parse(await File.ReadAllTextAsync(onCluster))!.AsObject();
        Assert.Equal(expected.Select(step => step.Key), actual.Select(step => step.Key));
        Assert.True(expected.Count >= 12, $"only {expected.Count} steps recorded answers");
        foreach (var (step, answers) in expected)
        {
            Assert.True(
                JsonNode.DeepEquals(answers, actual[step]), $"{step}:\nsingle server {answers!.ToJsonString()}\ncluster {actual[step]!.ToJsonString()}");
        }
    }

    [Fact]
    public async Task The_OpenAPI_document_of_a_cluster_node_is_valid_and_the_single_servers()
    {
        var (code, text) = await NodeScripts.RunAsync("openapi.mjs", fixture.Cluster.Nodes[0].Address);
        Assert.True(code == 0, $"the OpenAPI validator failed on a cluster node ({code}):\n{text}");
        var (singleCode, singleText) = await NodeScripts.RunAsync("openapi.mjs", fixture.SingleAddress);
        Assert.True(singleCode == 0, $"the OpenAPI validator failed on the single server ({singleCode}):\n{singleText}");
        Assert.Equal(singleText, text);

        // The documents are equal but for the server address each names.
        var single = JsonNode.Parse(await fixture.SingleServer.GetStringAsync("/openapi/v1.json"))!.AsObject();
        var node = JsonNode.Parse(await fixture.Clients[0].GetStringAsync("/openapi/v1.json"))!.AsObject();
        single.Remove("servers");
        node.Remove("servers");
        Assert.Equal(single.ToJsonString(), node.ToJsonString());
    }

    [Fact]
    public async Task The_root_health_probes_metrics_and_api_page_answer_as_a_single_servers()
    {
        var node = fixture.Clients[2];
        var root = await ServerCalls.SendAsync(node, HttpMethod.Get, "/", string.Empty);
        Assert.Equal((await ServerCalls.SendAsync(fixture.SingleServer, HttpMethod.Get, "/", string.Empty)).ToJsonString(), root.ToJsonString());
        foreach (var path in new[] { "/healthz", "/livez" })
        {
            Assert.Equal("healthz check passed", await node.GetStringAsync(path));
        }

        Assert.StartsWith("ready: silo ", await node.GetStringAsync("/readyz"), StringComparison.Ordinal);
        var cluster = await ClusterWebFixture.GetAsync(node, "/cluster");
        Assert.Equal("enabled", cluster["status"]!.GetValue<string>());
        Assert.Equal("splade", cluster["cluster_id"]!.GetValue<string>());

        var metrics = await node.GetStringAsync("/metrics");
        Assert.Contains("http_request_duration_seconds", metrics, StringComparison.Ordinal);
        Assert.Contains("splade_encode_queue_depth", metrics, StringComparison.Ordinal);
        var points = $"splade_collection_points{{collection=\"docs\"}} {ClusterWebFixture.Texts.Length}";
        Assert.True(metrics.Contains(points, StringComparison.Ordinal), $"no `{points}` in\n{metrics}");

        var page = await node.GetStringAsync("/docs/");
        Assert.Contains("<html", page, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(await fixture.SingleServer.GetStringAsync("/docs/"), page);

        // A browser asking for the root is sent to the dashboard, as on a single server.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Accept.ParseAdd("text/html");
        using var noRedirect = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.Cluster.Nodes[2].Address };
        using var redirect = await noRedirect.SendAsync(request);
        Assert.Equal("/dashboard/", redirect.Headers.Location?.OriginalString);

        using var unknown = await node.GetAsync("/no/such/thing");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("no endpoint GET /no/such/thing", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
