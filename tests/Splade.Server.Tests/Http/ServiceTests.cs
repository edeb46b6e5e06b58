using System.Net;
using System.Text.Json.Nodes;

namespace Splade.Server.Tests.Http;

public sealed class ServiceTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_root_answers_name_and_version_as_Qdrant_does()
    {
        var reply = await _server.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.StartsWith("splade.net", reply.Json!["title"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Matches(@"^1\.\d+\.\d+$", reply.Json["version"]!.GetValue<string>());
        Assert.NotNull(reply.Json["splade_version"]);
    }

    [Theory]
    [InlineData("/healthz", "healthz check passed")]
    [InlineData("/livez", "healthz check passed")]
    [InlineData("/readyz", "all collections are ready")]
    public async Task Health_probes_answer_plain_text(string path, string expected)
    {
        var reply = await _server.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(expected, reply.Body);
    }

    [Fact]
    public async Task The_cluster_endpoint_says_a_single_server_is_not_a_cluster()
    {
        var reply = await _server.GetAsync("/cluster");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("""{"status":"disabled"}""", reply.Json!["result"]!.ToJsonString());
    }

    [Theory]
    [InlineData("POST", "/cluster/peer/127.0.0.1:11111/drain")]
    [InlineData("DELETE", "/cluster/peer/127.0.0.1:11111/drain")]
    [InlineData("DELETE", "/cluster/peer/127.0.0.1:11111?force=true")]
    public async Task The_peer_endpoints_say_a_single_server_has_no_peers(string method, string path)
        => (await _server.SendAsync(new HttpMethod(method), path, null)).AssertError(HttpStatusCode.BadRequest, "this server is not a cluster node");

    [Fact]
    public async Task An_unknown_path_is_a_404_in_Qdrants_error_shape()
        => (await _server.GetAsync("/no/such/thing")).AssertError(HttpStatusCode.NotFound, "no endpoint GET /no/such/thing");

    [Fact]
    public async Task The_OpenAPI_document_lists_the_API()
    {
        var reply = await _server.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var document = JsonNode.Parse(reply.Body)!;
        Assert.StartsWith("3.", document["openapi"]!.GetValue<string>(), StringComparison.Ordinal);
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToHashSet();
        foreach (var path in new[] { "/collections", "/collections/{name}", "/collections/{name}/points", "/collections/{name}/points/query",
                     "/collections/{name}/points/search", "/collections/{name}/points/scroll", "/splade/encode" })
        {
            Assert.Contains(path, paths);
        }
    }

    [Fact]
    public async Task The_API_page_is_served_without_anything_from_outside()
    {
        var reply = await _server.GetAsync("/docs/");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Contains("<html", reply.Body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("cdn.jsdelivr", reply.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_report_requests_points_and_the_encode_queue()
    {
        await _server.CreateCollectionAsync("m", """{"sparse_vectors": {"s": {}}}""");
        (await _server.PutAsync("/collections/m/points", """{"points": [{"id": 1, "vector": {"s": {"indices": [1], "values": [1]}}}]}""")).AssertOk();
        var reply = await _server.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Contains("http_request_duration_seconds", reply.Body, StringComparison.Ordinal);
        Assert.True(reply.Body.Contains("splade_collection_points{collection=\"m\"} 1", StringComparison.Ordinal), reply.Body);
        Assert.Contains("splade_encode_queue_depth", reply.Body, StringComparison.Ordinal);
    }
}
