using System.Net;

namespace Splade.Server.Tests.Http;

public sealed class SecurityAndLimitsTests
{
    private const string Key = "s3cret-full-key";
    private const string ReadKey = "read-only-key";

    [Fact]
    public async Task With_keys_every_endpoint_but_healthz_needs_one_and_the_read_only_key_cannot_write()
    {
        await using var server = await TestServer.StartAsync(o => o with { ApiKey = Key, ReadOnlyApiKey = ReadKey });
        var full = new Dictionary<string, string> { ["api-key"] = Key };
        var bearer = new Dictionary<string, string> { ["Authorization"] = $"Bearer {Key}" };
        var reader = new Dictionary<string, string> { ["api-key"] = ReadKey };
        var wrong = new Dictionary<string, string> { ["api-key"] = Key + "x" };

        Assert.Equal(HttpStatusCode.OK, (await server.GetAsync("/healthz")).Status);
        foreach (var path in new[] { "/", "/collections", "/metrics", "/openapi/v1.json", "/readyz" })
        {
            (await server.GetAsync(path)).AssertError(HttpStatusCode.Unauthorized, "Must provide an API key or an Authorization bearer token");
        }

        (await server.SendAsync(HttpMethod.Get, "/collections", null, wrong)).AssertError(HttpStatusCode.Unauthorized, "Invalid API key");
        (await server.SendAsync(HttpMethod.Put, "/collections/k", """{"sparse_vectors": {"s": {}}}""", full)).AssertOk();
        (await server.SendAsync(HttpMethod.Put, "/collections/k/points",
            """{"points": [{"id": 1, "vector": {"s": {"indices": [1], "values": [1]}}}]}""", bearer))
            .AssertOk();

        (await server.SendAsync(HttpMethod.Get, "/collections/k", null, reader)).AssertOk();
        (await server.SendAsync(HttpMethod.Post, "/collections/k/points/query", """{"query": {"indices": [1], "values": [1]}, "using": "s"}""", reader))
            .AssertOk();
        (await server.SendAsync(HttpMethod.Post, "/collections/k/points/scroll", "{}", reader)).AssertOk();
        foreach (var (method, path, body) in new[]
                 {
                     (HttpMethod.Put, "/collections/k/points", """{"points": []}"""),
                     (HttpMethod.Post, "/collections/k/points/delete", """{"points": [1]}"""),
                     (HttpMethod.Post, "/collections/k/points/payload", """{"payload": {}, "points": [1]}"""),
                     (HttpMethod.Put, "/collections/other", "{}"),
                     (HttpMethod.Delete, "/collections/k", (string?)null),
                     (HttpMethod.Put, "/collections/k/index", """{"field_name": "a", "field_schema": "keyword"}"""),
                 })
        {
            (await server.SendAsync(method, path, body, reader)).AssertError(HttpStatusCode.Forbidden, "read-only API key cannot change data");
        }

        Assert.Equal(1, (await server.SendAsync(HttpMethod.Post, "/collections/k/points/count", "{}", full)).AssertOk().Result["count"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("http://0.0.0.0:6333")]
    [InlineData("http://*:6333")]
    [InlineData("http://192.168.1.10:6333")]
    public void The_server_refuses_to_listen_beyond_loopback_without_a_key(string url)
    {
        var options = new ServerOptions { DataFolder = Path.Combine(Path.GetTempPath(), "splade-unused"), Urls = [url], Demo = false };
        var error = Assert.Throws<InvalidOperationException>(() => SpladeServer.Build(options));
        Assert.Contains("--insecure", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:0")]
    [InlineData("http://localhost:0")]
    [InlineData("http://[::1]:0")]
    public async Task Loopback_needs_no_key(string url)
    {
        var folder = Path.Combine(Path.GetTempPath(), "splade-server-tests", Guid.NewGuid().ToString("N"));
        var app = SpladeServer.Build(new ServerOptions { DataFolder = folder, Urls = [url], Demo = false });
        await app.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Every_limit_is_a_4xx_that_names_it()
    {
        var limits = new ServerLimits
        {
            MaxBodyBytes = 4096,
            MaxBatchPoints = 3,
            MaxTextLength = 20,
            MaxNonZeros = 4,
            MaxLimit = 50,
            MaxFilterDepth = 3,
            MaxPrefetchDepth = 1,
            MaxBatchQueries = 2,
            MaxDenseSize = 8,
        };
        await using var server = await TestServer.StartAsync(o => o with { Limits = limits });
        await server.CreateCollectionAsync("l",
            """{"vectors": {"d": {"size": 2, "distance": "Dot"}}, "sparse_vectors": {"s": {}, "b": {"modifier": "idf"}}}""");
        var big = new string('x', 5000);
        (await server.PutAsync("/collections/l/points", $$"""{"points": [], "pad": "{{big}}"}"""))
            .AssertError(HttpStatusCode.RequestEntityTooLarge, "max_body_bytes");
        (await server.PutAsync("/collections/l/points",
            """{"points": [{"id": 1, "vector": {}}, {"id": 2, "vector": {}}, {"id": 3, "vector": {}}, {"id": 4, "vector": {}}]}"""))
            .AssertError(HttpStatusCode.BadRequest, "max_batch_points");
        (await server.PutAsync("/collections/l/points",
            """{"points": [{"id": 1, "vector": {"b": {"text": "a text of more than twenty characters", "model": "bm25"}}}]}"""))
            .AssertError(HttpStatusCode.BadRequest, "max_text_length");
        (await server.PutAsync("/collections/l/points",
            """{"points": [{"id": 1, "vector": {"s": {"indices": [1, 2, 3, 4, 5], "values": [1, 1, 1, 1, 1]}}}]}"""))
            .AssertError(HttpStatusCode.BadRequest, "max_non_zeros");
        (await server.PostAsync("/collections/l/points/query", """{"query": [1, 0], "using": "d", "limit": 51}"""))
            .AssertError(HttpStatusCode.BadRequest, "max_limit");
        (await server.PostAsync("/collections/l/points/query", """{"query": [1, 0], "using": "d", "limit": 40, "offset": 20}"""))
            .AssertError(HttpStatusCode.BadRequest, "max_limit");
        (await server.PostAsync("/collections/l/points/scroll", """{"limit": 60}""")).AssertError(HttpStatusCode.BadRequest, "max_limit");
        (await server.PostAsync("/collections/l/points/count",
            """{"filter": {"must": [{"must": [{"must": [{"must": [{"key": "a", "match": {"value": 1}}]}]}]}]}}"""))
            .AssertError(HttpStatusCode.BadRequest, "max_filter_depth");
        (await server.PostAsync("/collections/l/points/query",
            """{"prefetch": {"prefetch": {"query": [1, 0], "using": "d"}, "query": [1, 0], "using": "d"}, "query": [1, 0], "using": "d"}"""))
            .AssertError(HttpStatusCode.BadRequest, "max_prefetch_depth");
        (await server.PostAsync("/collections/l/points/query/batch", """{"searches": [{}, {}, {}]}"""))
            .AssertError(HttpStatusCode.BadRequest, "max_batch_queries");
        (await server.PutAsync("/collections/wide", """{"vectors": {"size": 9, "distance": "Dot"}}"""))
            .AssertError(HttpStatusCode.BadRequest, "max_dense_size");
        Assert.Equal(0, (await server.PostAsync("/collections/l/points/count", "{}")).AssertOk().Result["count"]!.GetValue<int>());
    }
}
