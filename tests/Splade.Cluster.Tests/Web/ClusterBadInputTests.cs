using System.Text.Json.Nodes;
using Splade.Server.Tests.Process;

namespace Splade.Cluster.Tests.Web;

/// <summary>Bad requests to a <c>splade serve --cluster</c> node are refused with the single server's status and words (the
/// single server's own tests, tests/Splade.Server.Tests/Http/BadInputTests, hold the full list), and nothing of a refused batch
/// is written.</summary>
[Collection(ClusterWebGroup.Name)]
public sealed class ClusterBadInputTests(ClusterWebFixture fixture)
{
    private const string Collection = "bad_input";

    private static readonly (string Method, string Path, string Body)[] Requests =
    [
        ("PUT", "/collections/bad_input/points", """{"points": [{"id": 1, "vector": {"d": [1, 0]}"""),
        ("PUT", "/collections/bad_input/points", """{"points": [{"id": -1, "vector": {}}]}"""),
        ("PUT", "/collections/bad_input/points", """{"points": [{"id": "not-a-uuid", "vector": {}}]}"""),
        ("PUT", "/collections/bad_input/points", """{"points": [{"id": 1, "vector": {"d": [1, 0]}}, {"id": 2, "vector": {"d": [1, 0, 0]}}]}"""),
        ("PUT", "/collections/bad_input/points", """{"points": [{"id": 2, "vector": {"zz": [1, 0]}}]}"""),
        ("PUT", "/collections/bad_input/points", """{"points": [{"id": 2, "vector": {"s": [1, 0]}}]}"""),
        ("PUT", "/collections/bad_input/points", """{"points": [{"id": 2, "vector": {"s": {"indices": [1, 2], "values": [1]}}}]}"""),
        ("PUT", "/collections/bad_input/points", """{"points": [{"id": 2, "vector": {"d": [[1, 0], [0, 1]]}}]}"""),
        ("PUT", "/collections/bad_input/points", """{"points": [{"id": 2, "vector": {}}], "shard_key": "a"}"""),
        ("PUT", "/collections/bad_input/points", ""),
        ("POST", "/collections/bad_input/points/scroll", """{"filter": {"must": [], "wrong": 1}}"""),
        ("POST", "/collections/bad_input/points/scroll", """{"filter": {"must": [{"key": "n", "range": {"gte": "yesterday"}}]}}"""),
        ("POST", "/collections/bad_input/points/scroll", """{"filter": {"must": [{"key": "l", "geo_radius": {"center": {"lat":0,"lon":0}, "radius": 5}}]}}"""),
        ("POST", "/collections/bad_input/points/scroll", """{"limit": 0}"""),
        ("POST", "/collections/bad_input/points/scroll", """{"with_vector": ["nope"]}"""),
        ("POST", "/collections/bad_input/points/query", """{"query": [1, 0, 0], "using": "d"}"""),
        ("POST", "/collections/bad_input/points/query", """{"query": {"text": "x", "model": "no-such-model"}, "using": "s"}"""),
        ("POST", "/collections/bad_input/points/count", """{"filter": {"must": [{"whatever": 1}]}}"""),
        ("POST", "/collections/none/points/query", "{}"),
        ("GET", "/collections/bad_input/points/77", ""),
        ("GET", "/collections/bad_input/points/x-y", ""),
        ("PUT", "/collections/bad_input", """{"vectors": {"d": {"size": 2, "distance": "Dot"}}}"""),
        ("PUT", "/collections/other_bad", """{"vectors": {"d": {"size": 0, "distance": "Dot"}}}"""),
    ];

    [Fact]
    public async Task A_node_refuses_bad_requests_with_the_single_servers_status_and_words_and_writes_nothing()
    {
        const string create = """{"vectors": {"d": {"size": 2, "distance": "Dot"}}, "sparse_vectors": {"s": {}}""";
        await ServerCalls.SendAsync(fixture.SingleServer, HttpMethod.Put, $"/collections/{Collection}", create + "}");
        await ServerCalls.SendAsync(fixture.Clients[1], HttpMethod.Put, $"/collections/{Collection}", create + """, "shard_number": 2}""");
        try
        {
            foreach (var (method, path, body) in Requests)
            {
                var (singleStatus, singleError) = await SendAsync(fixture.SingleServer, method, path, body);
                var (nodeStatus, nodeError) = await SendAsync(fixture.Clients[1], method, path, body);
                Assert.True(singleStatus >= 400, $"{method} {path} {body}: the single server answered {singleStatus}");
                Assert.True(
                    singleStatus == nodeStatus && singleError == nodeError,
                    $"{method} {path} {body}:\nsingle server {singleStatus} {singleError}\ncluster node  {nodeStatus} {nodeError}");
            }

            foreach (var client in new[] { fixture.SingleServer, fixture.Clients[1] })
            {
                var count = await ServerCalls.SendAsync(client, HttpMethod.Post, $"/collections/{Collection}/points/count", "{}");
                Assert.Equal(0, count["result"]!["count"]!.GetValue<long>());
            }
        }
        finally
        {
            await ServerCalls.SendAsync(fixture.SingleServer, HttpMethod.Delete, $"/collections/{Collection}", string.Empty);
            await ServerCalls.SendAsync(fixture.Clients[1], HttpMethod.Delete, $"/collections/{Collection}", string.Empty);
        }
    }

    /// <summary>The status code and Qdrant's <c>status.error</c> of an answer.</summary>
    private static async Task<(int Status, string? Error)> SendAsync(HttpClient client, string method, string path, string body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method != "GET")
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var error = text.Length > 0 && text[0] == '{' ? JsonNode.Parse(text)?["status"]?["error"]?.GetValue<string>() : text;
        return ((int)response.StatusCode, error);
    }
}
