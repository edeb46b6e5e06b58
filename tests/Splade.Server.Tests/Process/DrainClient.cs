using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;

namespace Splade.Server.Tests.Process;

/// <summary>One client of the SIGTERM test: sends one request after another on its own connection until the server stops
/// answering, and keeps, per request, when it was sent and answered and what came back.</summary>
/// <remarks>An upsert of operation n writes points <c>number * 100_000 + n * 10 + k</c> with payload <c>{"c": number, "n": n}</c>,
/// so that after a restart each operation is found whole or not at all.</remarks>
internal sealed class DrainClient(int number, DrainClient.Kind kind)
{
    private const int PointsPerUpsert = 4;
    private readonly List<(long Sent, long Answered, int[] Ids)> _answered = [];
    private readonly List<int[]> _unanswered = [];

    public enum Kind
    {
        TextUpsert,
        SparseUpsert,
        Query,
    }

    public int Number => number;

    /// <summary>Requests answered 200 so far.</summary>
    public int Answered
    {
        get
        {
            lock (_answered)
            {
                return _answered.Count;
            }
        }
    }

    /// <summary>Answers that were neither 200 nor a clean 503, and errors other than a refused or closed connection.</summary>
    public List<string> Problems { get; } = [];

    public async Task StreamAsync(Uri address, CancellationToken stop)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 1 };
        using var client = new HttpClient(handler) { BaseAddress = address, Timeout = TimeSpan.FromMinutes(2) };
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var ids = kind == Kind.Query ? [] : Enumerable.Range(0, PointsPerUpsert).Select(k => (number * 100_000) + (n * 10) + k).ToArray();
            var (method, path, body) = Request(n, ids);
            var sent = Stopwatch.GetTimestamp();
            try
            {
                using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
                using var response = await client.SendAsync(request, stop);
                var text = await response.Content.ReadAsStringAsync(stop);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    lock (_answered)
                    {
                        _answered.Add((sent, Stopwatch.GetTimestamp(), ids));
                    }

                    continue;
                }

                _unanswered.Add(ids);
                if (response.StatusCode != HttpStatusCode.ServiceUnavailable || JsonNode.Parse(text)?["status"]?["error"] is null)
                {
                    Problems.Add($"{path} answered {(int)response.StatusCode}: {text}");
                }

                return;
            }
            catch (Exception error) when (error is HttpRequestException or IOException)
            {
                // The server stopped listening or closed the connection before taking the request.
                _unanswered.Add(ids);
                return;
            }
            catch (OperationCanceledException)
            {
                Problems.Add("the server neither answered nor closed the connection within five minutes");
                return;
            }
        }
    }

    /// <summary>How many requests sent before <paramref name="signalSent"/> were answered 200 after <paramref name="signalDelivered"/>.</summary>
    public int CountAnsweredAcross(long signalSent, long signalDelivered)
        => _answered.Count(request => request.Sent < signalSent && request.Answered > signalDelivered);

    /// <summary>Checks the points read after the restart: every answered upsert there whole, every other one whole or absent.</summary>
    public void Verify(IReadOnlyDictionary<long, JsonNode> stored)
    {
        foreach (var (_, _, ids) in _answered)
        {
            foreach (var id in ids)
            {
                Assert.True(stored.TryGetValue(id, out var point), $"client {number}: point {id} was acknowledged but is missing after the restart");
                Assert.Equal(number, point!["payload"]!["c"]!.GetValue<int>());
            }
        }

        foreach (var ids in _unanswered)
        {
            var present = ids.Count(id => stored.ContainsKey(id));
            Assert.True(present == 0 || present == ids.Length, $"client {number}: an unanswered upsert is half there ({present} of {ids.Length} points)");
        }
    }

    private (HttpMethod Method, string Path, string Body) Request(int n, int[] ids)
    {
        if (kind == Kind.Query)
        {
            return (HttpMethod.Post, "/collections/drain/points/query",
                $$"""{"query": {"indices": [{{n % 50}}, {{1 + (n % 50)}}], "values": [1, 0.5]}, "using": "s", "limit": 10}""");
        }

        var points = new JsonArray();
        foreach (var id in ids)
        {
            JsonNode vector = kind == Kind.TextUpsert
                ? new JsonObject { ["text"] = $"Point {id} of client {number}: blood pressure and heart disease in patients number {n}", ["model"] = "splade" }
                : new JsonObject { ["indices"] = new JsonArray(id % 50, 50 + number), ["values"] = new JsonArray(1, 1) };
            points.Add(new JsonObject
            {
                ["id"] = id,
                ["payload"] = new JsonObject { ["c"] = number, ["n"] = n },
                ["vector"] = new JsonObject { ["s"] = vector },
            });
        }

        return (HttpMethod.Put, "/collections/drain/points?wait=true", new JsonObject { ["points"] = points }.ToJsonString());
    }
}
