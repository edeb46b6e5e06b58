using System.Net;
using System.Text.Json.Nodes;

namespace Splade.Server.Tests.Process;

/// <summary>The process tests' calls to a real server: one request that must answer 200, and a whole collection read through
/// scroll pages.</summary>
internal static class ServerCalls
{
    /// <summary>Sends one JSON request and returns the parsed answer; any status other than 200 fails the test with the body.</summary>
    public static async Task<JsonNode> SendAsync(HttpClient client, HttpMethod method, string path, string body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{method} {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>Every point of <paramref name="collection"/> with its payload (and its vectors when asked), by id.</summary>
    public static async Task<Dictionary<long, JsonNode>> ReadAllAsync(HttpClient client, string collection, bool withVector)
    {
        var points = new Dictionary<long, JsonNode>();
        JsonNode? offset = null;
        do
        {
            var body = new JsonObject { ["limit"] = 1000, ["with_payload"] = true, ["with_vector"] = withVector };
            if (offset is not null)
            {
                body["offset"] = offset.DeepClone();
            }

            var page = (await SendAsync(client, HttpMethod.Post, $"/collections/{collection}/points/scroll", body.ToJsonString()))["result"]!;
            foreach (var point in page["points"]!.AsArray())
            {
                points.Add(point!["id"]!.GetValue<long>(), point);
            }

            offset = page["next_page_offset"];
        }
        while (offset is not null);
        return points;
    }
}
