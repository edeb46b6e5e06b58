using System.Globalization;
using System.Text.Json.Nodes;
using CsCheck;

namespace Splade.Server.Tests.Http;

/// <summary>Random collections and queries through the HTTP API, checked against a brute-force scorer written here from Qdrant's
/// definitions (dot product, Cosine on normalised vectors, IDF, RRF with k, DBSF with 3 standard deviations).</summary>
public sealed class QueryOracleTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Nearest_fusion_filters_and_thresholds_match_the_oracle()
    {
        var round = 0;
        var queries = Gen.Select(SparseVector(), Gen.Int[-1000, 1000].Select(i => i / 1000f).Array[3]).Array[4];
        var cases = Gen.Select(Corpus(), Gen.Int[0, 5], Gen.Int[1, 12], Gen.Int[0, 3], Gen.Bool, queries);
        await cases.SampleAsync(async (points, kind, limit, group, cosine, searches) =>
        {
            var name = $"o{Interlocked.Increment(ref round)}";
            await _server.CreateCollectionAsync(name, $$$"""
                {"vectors": {"d": {"size": 3, "distance": "{{{(cosine ? "Cosine" : "Dot")}}}"}}, "sparse_vectors": {"s": {}, "w": {"modifier": "idf"} } }
                """);
            var body = string.Join(",", points.Select(p => p.ToJson()));
            (await _server.PutAsync($"/collections/{name}/points", $$"""{"points": [{{body}}]}""")).AssertOk();
            foreach (var (sparse, dense) in searches)
            {
                var filter = group == 3 ? null : $$$"""{"must": [{"key": "g", "match": {"value": {{{group}}}}}]}""";
                var oracle = new Oracle(points, cosine, group == 3 ? null : group);
                var (request, expected) = kind switch
                {
                    0 => (Nearest("s", Sparse(sparse), limit, filter), oracle.Sparse("s", sparse, limit)),
                    1 => (Nearest("d", Dense(dense), limit, filter), oracle.Dense(dense, limit)),
                    2 => (Nearest("w", Sparse(sparse), limit, filter), oracle.Sparse("w", sparse, limit)),
                    3 => (Fusion("rrf", sparse, dense, limit, filter), Oracle.Rrf([oracle.Sparse("s", sparse, 5), oracle.Dense(dense, 7)], limit, 2)),
                    4 => (Fusion("dbsf", sparse, dense, limit, filter), Oracle.Dbsf([oracle.Sparse("s", sparse, 5), oracle.Dense(dense, 7)], limit)),
                    _ => (Rescore(sparse, dense, limit, filter), oracle.Rescore(oracle.Sparse("s", sparse, 6), dense, limit)),
                };
                var actual = (await _server.PostAsync($"/collections/{name}/points/query", request)).AssertOk().Result["points"]!.AsArray();
                AssertSameRanking(expected, [.. actual.Select(a => (a!["id"]!.GetValue<int>(), a["score"]!.GetValue<float>()))], request);
            }

            await _server.DeleteAsync($"/collections/{name}");
        }, iter: 40, threads: 1);
    }

    /// <summary>Same scores in the same order; points whose scores differ only by float rounding (fused ties) may swap.</summary>
    private static void AssertSameRanking(List<(int Id, float Score)> expected, List<(int Id, float Score)> actual, string request)
    {
        var context = $"{request}\nexpected {string.Join(", ", expected)}\nactual {string.Join(", ", actual)}";
        Assert.True(expected.Count == actual.Count, context);
        static bool Close(float a, float b) => Math.Abs(a - b) <= 1e-4 * Math.Max(1, Math.Abs(a));
        for (var i = 0; i < expected.Count;)
        {
            var end = i + 1;
            while (end < expected.Count && Close(expected[end].Score, expected[i].Score))
            {
                end++;
            }

            Assert.True(expected[i..end].Select(e => e.Id).Order().SequenceEqual(actual[i..end].Select(a => a.Id).Order()), context);
            for (var j = i; j < end; j++)
            {
                Assert.True(Close(expected[j].Score, actual[j].Score), context);
            }

            i = end;
        }
    }

    private static string Nearest(string name, string vector, int limit, string? filter)
        => $$"""{"query": {{vector}}, "using": "{{name}}", "limit": {{limit}}{{(filter is null ? "" : ", \"filter\": " + filter)}}}""";

    private static string Fusion(string method, SparseInput sparse, float[] dense, int limit, string? filter) => $$"""
        {"prefetch": [{"query": {{Sparse(sparse)}}, "using": "s", "limit": 5}, {"query": {{Dense(dense)}}, "using": "d", "limit": 7}],
         "query": {"fusion": "{{method}}"}, "limit": {{limit}}{{(filter is null ? "" : ", \"filter\": " + filter)}}}
        """;

    private static string Rescore(SparseInput sparse, float[] dense, int limit, string? filter) => $$"""
        {"prefetch": {"query": {{Sparse(sparse)}}, "using": "s", "limit": 6},
         "query": {{Dense(dense)}}, "using": "d", "limit": {{limit}}{{(filter is null ? "" : ", \"filter\": " + filter)}}}
        """;

    private static string Sparse(SparseInput vector) => $$"""{"indices": [{{string.Join(",", vector.Indices)}}], "values": [{{Numbers(vector.Values)}}]}""";

    private static string Dense(float[] vector) => $"[{Numbers(vector)}]";

    private static string Numbers(IEnumerable<float> values) => string.Join(",", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));

    private static Gen<SparseInput> SparseVector()
        => Gen.UInt[0, 15].HashSet[1, 5].SelectMany(indices =>
            Gen.Int[100, 3000].Select(i => i / 1000f).Array[indices.Count].Select(values => new SparseInput([.. indices], values)));

    private static Gen<TestPoint[]> Corpus()
        => Gen.Select(SparseVector(), SparseVector(), Gen.Int[-1000, 1000].Select(i => i / 1000f).Array[3], Gen.Int[0, 2], Gen.Int[0, 4])
            .Select((s, w, d, g, shape) => (s, w, d, g, shape)).Array[4, 30]
            .Select(items => items.Select((item, i) => new TestPoint(
                i + 1,
                item.shape == 0 ? null : item.s,
                item.shape == 1 ? null : item.w,
                item.shape == 2 ? null : item.d,
                item.g)).ToArray());

    internal sealed record SparseInput(uint[] Indices, float[] Values)
    {
        public float Dot(SparseInput other)
        {
            // Summed in ascending term order, as the engine does.
            var sum = 0f;
            foreach (var (index, value) in Indices.Zip(Values).OrderBy(p => p.First))
            {
                var at = Array.IndexOf(other.Indices, index);
                if (at >= 0)
                {
                    sum += value * other.Values[at];
                }
            }

            return sum;
        }
    }

    internal sealed record TestPoint(int Id, SparseInput? S, SparseInput? W, float[]? D, int Group)
    {
        public string ToJson()
        {
            var vectors = new List<string>();
            if (S is not null)
            {
                vectors.Add($"\"s\": {Sparse(S)}");
            }

            if (W is not null)
            {
                vectors.Add($"\"w\": {Sparse(W)}");
            }

            if (D is not null)
            {
                vectors.Add($"\"d\": {Dense(D)}");
            }

            return $$$"""{"id": {{{Id}}}, "vector": { {{{string.Join(", ", vectors)}}} }, "payload": {"g": {{{Group}}}}}""";
        }
    }

    private sealed class Oracle(TestPoint[] points, bool cosine, int? group)
    {
        private IEnumerable<TestPoint> Candidates => points.Where(p => group is null || p.Group == group);

        public List<(int Id, float Score)> Sparse(string name, SparseInput query, int limit)
        {
            var weighted = query;
            if (name == "w")
            {
                var withVector = points.Where(p => p.W is not null).ToList();
                weighted = query with
                {
                    Values = [.. query.Indices.Select((index, i) =>
                    {
                        var df = withVector.Count(p => p.W!.Indices.Contains(index));
                        return query.Values[i] * (float)Math.Log(1 + ((withVector.Count - df + 0.5) / (df + 0.5)));
                    })],
                };
            }

            return Top(Candidates
                .Select(p => (p.Id, Vector: name == "s" ? p.S : p.W))
                .Where(p => p.Vector is not null && p.Vector.Indices.Intersect(weighted.Indices).Any())
                .Select(p => (p.Id, weighted.Dot(p.Vector!))), limit);
        }

        public List<(int Id, float Score)> Dense(float[] query, int limit)
            => Top(Candidates.Where(p => p.D is not null).Select(p => (p.Id, Similarity(query, p.D!))), limit);

        public List<(int Id, float Score)> Rescore(List<(int Id, float Score)> candidates, float[] query, int limit)
            => Top(candidates.Select(c => points.Single(p => p.Id == c.Id)).Where(p => p.D is not null).Select(p => (p.Id, Similarity(query, p.D!))), limit);

        public static List<(int Id, float Score)> Rrf(List<(int Id, float Score)>[] lists, int limit, int k)
            => Top(lists.SelectMany(list => list.Select((hit, position) => (hit.Id, Score: 1f / (position + k))))
                .GroupBy(hit => hit.Id).Select(g => (g.Key, g.Sum(hit => hit.Score))), limit);

        public static List<(int Id, float Score)> Dbsf(List<(int Id, float Score)>[] lists, int limit)
            => Top(lists.SelectMany(list =>
            {
                if (list.Count < 2)
                {
                    return list.Select(hit => (hit.Id, Score: 0.5f));
                }

                var mean = list.Average(hit => (double)hit.Score);
                var deviation = Math.Sqrt(list.Sum(hit => Math.Pow(hit.Score - mean, 2)) / (list.Count - 1));
                var low = mean - (3 * deviation);
                var high = mean + (3 * deviation);
                return list.Select(hit => (hit.Id, Score: low == high ? 0.5f : (float)((hit.Score - low) / (high - low))));
            }).GroupBy(hit => hit.Id).Select(g => (g.Key, g.Sum(hit => hit.Score))), limit);

        private float Similarity(float[] query, float[] stored)
        {
            if (!cosine)
            {
                return query.Zip(stored).Sum(p => p.First * p.Second);
            }

            var q = Normalize(query);
            var d = Normalize(stored);
            return q.Zip(d).Sum(p => p.First * p.Second);
        }

        private static float[] Normalize(float[] vector)
        {
            var norm = MathF.Sqrt(vector.Sum(v => v * v));
            return norm == 0 ? vector : [.. vector.Select(v => v / norm)];
        }

        private static List<(int Id, float Score)> Top(IEnumerable<(int Id, float Score)> scored, int limit)
            => [.. scored.OrderByDescending(s => s.Score).ThenBy(s => s.Id).Take(limit)];
    }
}
