using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace Splade.Server.Tests.Process;

/// <summary>One client of the crash loop: writes one operation at a time to its own range of ids of collection <c>crash</c>, and
/// keeps the state the server has acknowledged plus the one operation sent but not answered when the server died.</summary>
/// <remarks>A point written by operation v has payload <c>{"w": writer, "v": v}</c> and sparse vector <c>s</c> with terms
/// <c>v % 997</c> (weight <c>1 + v % 7</c>) and <c>1000 + writer</c> (weight 1), so its vector can be checked against its
/// payload, and a query for term <c>1000 + writer</c> finds exactly the writer's points.</remarks>
internal sealed class CrashWriter(int writer, Random random)
{
    private const int IdsPerWriter = 300;
    private readonly int _firstId = writer * 10_000;
    private Dictionary<long, long> _acknowledged = [];
    private Func<Dictionary<long, long>, Dictionary<long, long>>? _pending;
    private long _operation;

    public int Acknowledged { get; private set; }

    /// <summary>Sends operations one after another until the server stops answering.</summary>
    public async Task StreamAsync(HttpClient client, CancellationToken stop)
    {
        _pending = null;
        while (!stop.IsCancellationRequested)
        {
            var v = ++_operation;
            var (path, body, apply) = NextOperation(v);
            _pending = apply;
            try
            {
                var method = path.EndsWith("/points", StringComparison.Ordinal) || path.Contains("/points?", StringComparison.Ordinal)
                    ? HttpMethod.Put
                    : HttpMethod.Post;
                using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
                using var response = await client.SendAsync(request, stop);
                var text = await response.Content.ReadAsStringAsync(stop);
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"writer {writer}: {path} answered {(int)response.StatusCode}: {text}");
            }
            catch (Exception error) when (error is HttpRequestException or OperationCanceledException or IOException)
            {
                return;
            }

            _acknowledged = apply(_acknowledged);
            _pending = null;
            Acknowledged++;
        }
    }

    /// <summary>Checks the writer's points as read after a restart; answers whether the unanswered operation was applied.</summary>
    public async Task<CrashOutcome> VerifyAsync(HttpClient client, IReadOnlyDictionary<long, JsonNode> stored)
    {
        var mine = new Dictionary<long, long>();
        foreach (var (id, point) in stored)
        {
            if (id < _firstId || id >= _firstId + IdsPerWriter)
            {
                continue;
            }

            var v = point["payload"]!["v"]!.GetValue<long>();
            Assert.Equal(writer, point["payload"]!["w"]!.GetValue<int>());
            var vector = point["vector"]!["s"]!;
            var indices = vector["indices"]!.AsArray().Select(i => i!.GetValue<int>()).ToArray();
            var values = vector["values"]!.AsArray().Select(x => x!.GetValue<float>()).ToArray();
            Assert.Equal(new[] { (int)(v % 997), 1000 + writer }, indices);
            Assert.Equal(new[] { 1f + (v % 7), 1f }, values);
            mine[id] = v;
        }

        CrashOutcome outcome;
        if (SameState(mine, _acknowledged))
        {
            outcome = _pending is null ? CrashOutcome.NothingInFlight : CrashOutcome.InFlightLost;
        }
        else if (_pending is not null && SameState(mine, _pending(_acknowledged)))
        {
            outcome = CrashOutcome.InFlightApplied;
        }
        else
        {
            var missing = _acknowledged.Where(p => !mine.TryGetValue(p.Key, out var v) || v != p.Value).Take(5).Select(p => $"{p.Key}=v{p.Value}");
            var extra = mine.Where(p => !_acknowledged.TryGetValue(p.Key, out var v) || v != p.Value).Take(5).Select(p => $"{p.Key}=v{p.Value}");
            Assert.Fail($"writer {writer}: {mine.Count} points stored, {_acknowledged.Count} acknowledged; acknowledged but not stored: " +
                $"[{string.Join(", ", missing)}]; stored but not acknowledged: [{string.Join(", ", extra)}]");
            return default;
        }

        _acknowledged = mine;
        _pending = null;

        // The engine's sparse index agrees with the stored points: a query for the writer's own term finds exactly its points.
        var found = await ServerCalls.SendAsync(client, HttpMethod.Post, "/collections/crash/points/query",
            $$"""{"query": {"indices": [{{1000 + writer}}], "values": [1]}, "using": "s", "limit": 10000}""");
        var hits = found["result"]!["points"]!.AsArray().Select(p => p!["id"]!.GetValue<long>()).Order().ToArray();
        Assert.Equal(mine.Keys.Order().ToArray(), hits);
        return outcome;
    }

    private static bool SameState(Dictionary<long, long> a, Dictionary<long, long> b)
        => a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var v) && v == p.Value);

    /// <summary>A random operation numbered <paramref name="v"/>: its path, body, and its effect on the writer's state.</summary>
    private (string Path, string Body, Func<Dictionary<long, long>, Dictionary<long, long>> Apply) NextOperation(long v)
    {
        var kind = random.Next(10);
        if (kind < 6)
        {
            var ids = RandomIds(random.Next(1, 60));
            var points = new JsonArray([.. ids.Select(id => (JsonNode)new JsonObject
            {
                ["id"] = id,
                ["payload"] = new JsonObject { ["w"] = writer, ["v"] = v },
                ["vector"] = new JsonObject
                {
                    ["s"] = new JsonObject { ["indices"] = new JsonArray((int)(v % 997), 1000 + writer), ["values"] = new JsonArray(1 + (v % 7), 1) },
                },
            })]);
            var wait = random.Next(2) == 0 ? "?wait=true" : "";
            return ($"/collections/crash/points{wait}", new JsonObject { ["points"] = points }.ToJsonString(),
                state => With(state, s => ids.ForEach(id => s[id] = v)));
        }

        if (kind < 9)
        {
            var ids = RandomIds(random.Next(1, 20));
            return ("/collections/crash/points/delete?wait=true", $$"""{"points": [{{string.Join(",", ids)}}]}""",
                state => With(state, s => ids.ForEach(id => s.Remove(id))));
        }

        // Delete by filter: the writer's points last written before a recent operation.
        var before = Math.Max(1, v - random.Next(1, 40));
        var filter = string.Create(CultureInfo.InvariantCulture,
            $$$"""{"filter": {"must": [{"key": "w", "match": {"value": {{{writer}}}}}, {"key": "v", "range": {"lt": {{{before}}}}}]}}""");
        return ("/collections/crash/points/delete", filter, state => With(state, s =>
        {
            foreach (var id in s.Where(p => p.Value < before).Select(p => p.Key).ToList())
            {
                s.Remove(id);
            }
        }));
    }

    private List<long> RandomIds(int count)
    {
        var ids = new HashSet<long>();
        while (ids.Count < count)
        {
            ids.Add(_firstId + random.Next(IdsPerWriter));
        }

        return [.. ids];
    }

    private static Dictionary<long, long> With(Dictionary<long, long> state, Action<Dictionary<long, long>> change)
    {
        var copy = new Dictionary<long, long>(state);
        change(copy);
        return copy;
    }
}
