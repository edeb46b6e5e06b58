using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Splade.Cli.Synthetic;
using Splade.Core;
using Xunit.Abstractions;

namespace Splade.Server.Tests.Http;

/// <summary>Sparse vectors with an approximate index (<c>sparse_vectors.NAME.index.approximate</c>), searched through the HTTP API
/// against the same points in a plain, exactly searched vector of the same collection: <c>exact</c> and lossless knobs give its
/// answer bit for bit, approximate answers hold only real points with their exact scores, and their recall is reported.</summary>
public sealed class ApproximateSearchTests(ApproximateSearchTests.Loaded loaded, ITestOutputHelper output) : IClassFixture<ApproximateSearchTests.Loaded>
{
    private const int K = 10;

    [Fact]
    public async Task The_info_reports_each_vectors_approximate_knobs_after_a_restart()
    {
        var sparse = (await loaded.Server.GetAsync("/collections/a")).AssertOk().Result["config"]!["params"]!["sparse_vectors"]!;
        var knobs = sparse["s"]!["index"]!["approximate"]!;
        Assert.Equal(1500, knobs["postings_per_term"]!.GetValue<int>());
        Assert.Equal(16, knobs["query_terms"]!.GetValue<int>());
        Assert.Equal(1.2f, knobs["heap_factor"]!.GetValue<float>());
        Assert.Equal(4, knobs["block_size"]!.GetValue<int>());
        Assert.Equal("float32", sparse["s"]!["index"]!["datatype"]!.GetValue<string>());
        Assert.Equal(0f, sparse["x"]!["index"]!["approximate"]!["heap_factor"]!.GetValue<float>());
        Assert.Null(sparse["e"]!["index"]);
    }

    [Fact]
    public async Task Exact_params_and_lossless_knobs_give_the_exact_answer_bit_for_bit()
    {
        for (var i = 0; i < Loaded.Queries; i++)
        {
            var expected = await loaded.SearchAsync("e", i, null);
            Assert.Equal(K, expected.Count);
            Assert.Equal(expected, await loaded.SearchAsync("s", i, """{"exact": true}"""));
            Assert.Equal(expected, await loaded.SearchAsync("x", i, null));
        }
    }

    [Fact]
    public async Task Approximate_answers_hold_real_points_with_exact_scores_and_report_their_recall()
    {
        // Default knobs (block size 4 here, so that the 2,000 points make many blocks): the 1M-document synthetic corpus reaches
        // 0.94 recall@10 with them (docs/approximate.md); these small segments keep almost every posting, so the recall is higher.
        // 0.8 is far enough below to survive any seed, and close enough that an index that loses documents fails.
        var recall = await RecallAsync(null);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"recall@10 with the collection's knobs: {recall:F4}"));
        Assert.InRange(recall, 0.8, 1.0);

        // A search's own knobs: one query term and early stopping miss some of the exact top 10 (proof that the segments are searched
        // approximately, not exactly), while every hit still carries its exact score.
        var cut = await RecallAsync("""{"approximate": {"query_terms": 1, "heap_factor": 0.1}}""");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"recall@10 with query_terms 1, heap_factor 0.1: {cut:F4}"));
        Assert.True(cut < recall && cut < 1.0, $"{cut} against {recall}");
    }

    [Theory]
    [InlineData("""{"approximate": {"block_size": 0}}""", "sparse_vectors.s.index.approximate.block_size: must be 1 or more")]
    [InlineData("""{"approximate": {"summary_energy": 1.5}}""", "sparse_vectors.s.index.approximate.summary_energy: must be above 0 and at most 1")]
    [InlineData("""{"approximate": {"heap_factor": -1}}""", "sparse_vectors.s.index.approximate.heap_factor: must be 0 or more")]
    [InlineData("""{"approximate": {"query_terms": 2.5}}""", "sparse_vectors.s.index.approximate.query_terms: must be an integer")]
    [InlineData("""{"approximate": {"postings": 10}}""", "sparse_vectors.s.index.approximate: unknown field `postings`")]
    [InlineData("""{"approximate": "yes"}""", "sparse_vectors.s.index.approximate: must be true, false or an object")]
    public async Task Bad_approximate_knobs_are_refused_naming_the_field(string index, string expected)
    {
        var reply = await loaded.Server.PutAsync("/collections/bad", """{"sparse_vectors": {"s": {"index": """ + index + "}}}");
        reply.AssertError(HttpStatusCode.BadRequest, expected);
        (await loaded.Server.GetAsync("/collections/bad")).AssertError(HttpStatusCode.NotFound, "doesn't exist");
    }

    [Theory]
    [InlineData("s", """{"exact": "yes"}""", "params.exact: must be true or false")]
    [InlineData("s", """{"hnsw_ef": -3}""", "params.hnsw_ef: must be an integer of 0 or more")]
    [InlineData("s", """{"quantization": 1}""", "params.quantization: must be an object")]
    [InlineData("s", """{"exact": true, "approximate": {"query_terms": 3}}""", "give one or the other")]
    [InlineData("s", """{"approximate": {"query_terms": 0}}""", "params.approximate.query_terms: must be 1 or more")]
    [InlineData("s", """{"approximate": {"ef": 3}}""", "params.approximate: unknown field `ef`")]
    [InlineData("e", """{"approximate": {"query_terms": 3}}""", "vector `e` has no approximate index")]
    public async Task Bad_search_params_are_refused_naming_the_field(string vector, string parameters, string expected)
    {
        var body = $$"""{"query": {"indices": [1, 2], "values": [1, 1]}, "using": "{{vector}}", "params": {{parameters}}}""";
        (await loaded.Server.PostAsync("/collections/a/points/query", body)).AssertError(HttpStatusCode.BadRequest, expected);
    }

    [Fact]
    public async Task Qdrants_params_that_tune_nothing_here_are_accepted()
    {
        var exact = await loaded.SearchAsync("e", 0, null);
        Assert.Equal(exact, await loaded.SearchAsync(
            "s", 0, """{"exact": true, "hnsw_ef": 128, "indexed_only": true, "quantization": {"rescore": true}, "acorn": {"enable": false}}"""));
        Assert.Equal(exact, await loaded.SearchAsync("e", 0, """{"exact": false, "hnsw_ef": 16}"""));
    }

    /// <summary>Mean recall@10 of vector <c>s</c>'s answers against vector <c>e</c>'s exact ones; checks that every approximate hit
    /// has its exact score (the exact search restricted to the hits' ids).</summary>
    private async Task<double> RecallAsync(string? parameters)
    {
        double sum = 0;
        for (var i = 0; i < Loaded.Queries; i++)
        {
            var exact = await loaded.SearchAsync("e", i, null);
            var approximate = await loaded.SearchAsync("s", i, parameters);
            Assert.Equal(K, approximate.Count);
            var ids = string.Join(", ", approximate.Select(hit => hit.Id));
            var scores = await loaded.SearchAsync("e", i, null, $$"""{"must": [{"has_id": [{{ids}}]}]}""");
            Assert.Equal(approximate.OrderBy(hit => hit.Id), scores.OrderBy(hit => hit.Id));
            sum += approximate.Count(hit => exact.Contains(hit)) / (double)K;
        }

        return sum / Loaded.Queries;
    }

    /// <summary>A server with collection <c>a</c>: the same 2,000 synthetic SPLADE-like points in three sparse vectors, <c>s</c>
    /// approximate (default knobs but small blocks), <c>x</c> approximate with lossless build and exhaustive search knobs, <c>e</c>
    /// plain; restarted once loaded, so that each vector's points are in a sealed segment (with its approximate index).</summary>
    public sealed class Loaded : IAsyncLifetime
    {
        public const int Queries = 30;
        private const int Documents = 2000;
        private readonly SyntheticSpladeCorpus _corpus = new();

        internal TestServer Server { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Server = await TestServer.StartAsync();
            await Server.CreateCollectionAsync("a", """
                {"sparse_vectors": {
                  "s": {"index": {"datatype": "float32", "approximate": {"block_size": 4}}},
                  "x": {"index": {"approximate": {"postings_per_term": 2147483647, "summary_energy": 1, "max_summary_terms": 2147483647,
                                                  "query_terms": 2147483647, "heap_factor": 0}}},
                  "e": {}}}
                """);
            for (var first = 0; first < Documents; first += 250)
            {
                var points = new JsonArray();
                for (var id = first; id < first + 250; id++)
                {
                    var vector = Sparse(_corpus.DocumentVector(id));
                    points.Add(new JsonObject
                    {
                        ["id"] = id,
                        ["vector"] = new JsonObject { ["s"] = vector.DeepClone(), ["x"] = vector.DeepClone(), ["e"] = vector },
                    });
                }

                (await Server.PutAsync("/collections/a/points", new JsonObject { ["points"] = points }.ToJsonString())).AssertOk();
            }

            // A graceful stop checkpoints: every index flushes its points into a sealed segment, built with its approximate index.
            await Server.RestartAsync();
        }

        public async Task DisposeAsync() => await Server.DisposeAsync();

        /// <summary>The top 10 of query <paramref name="query"/> on a vector: (id, score) best first.</summary>
        public async Task<List<(int Id, float Score)>> SearchAsync(string vector, int query, string? parameters, string? filter = null)
        {
            var body = new JsonObject
            {
                ["query"] = Sparse(_corpus.Query(query, Documents).Vector),
                ["using"] = vector,
                ["limit"] = K,
            };
            if (parameters is not null)
            {
                body["params"] = JsonNode.Parse(parameters);
            }

            if (filter is not null)
            {
                body["filter"] = JsonNode.Parse(filter);
            }

            var points = (await Server.PostAsync("/collections/a/points/query", body.ToJsonString())).AssertOk().Result["points"]!.AsArray();
            return [.. points.Select(point => (point!["id"]!.GetValue<int>(), point["score"]!.GetValue<float>()))];
        }

        private static JsonObject Sparse(SparseVector vector) => new()
        {
            ["indices"] = new JsonArray([.. vector.Indices.ToArray().Select(index => (JsonNode)index)]),
            ["values"] = new JsonArray([.. vector.Values.ToArray().Select(value => (JsonNode)value)]),
        };
    }
}
