using System.Net;

namespace Splade.Server.Tests.Http;

public sealed class QueryFeatureTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        await _server.CreateCollectionAsync("q", """{"vectors": {"d": {"size": 2, "distance": "Dot"}}, "sparse_vectors": {"s": {}}}""");
        (await _server.PutAsync("/collections/q/points", """
            {"points": [
              {"id": 1, "vector": {"d": [1, 0], "s": {"indices": [1, 2], "values": [1, 1]}}, "payload": {"lang": "en", "year": 2001}},
              {"id": 2, "vector": {"d": [0.9, 0.1], "s": {"indices": [1], "values": [3]}}, "payload": {"lang": "fr", "year": 1999}},
              {"id": 3, "vector": {"d": [0.5, 0.5], "s": {"indices": [2], "values": [2]}}, "payload": {"lang": "en", "year": 2010}},
              {"id": 4, "vector": {"d": [0, 1]}, "payload": {"lang": "de", "year": 2020}}
            ]}
            """)).AssertOk();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Offset_limit_and_score_threshold_apply_to_the_ranked_list()
    {
        Assert.Equal([1, 2, 3, 4], await IdsAsync("""{"query": [1, 0], "using": "d"}"""));
        Assert.Equal([2, 3], await IdsAsync("""{"query": [1, 0], "using": "d", "offset": 1, "limit": 2}"""));
        Assert.Equal([1, 2], await IdsAsync("""{"query": [1, 0], "using": "d", "score_threshold": 0.5}"""));
    }

    [Fact]
    public async Task A_query_by_point_id_uses_its_vector_and_leaves_it_out()
        => Assert.Equal([2, 3, 4], await IdsAsync("""{"query": 1, "using": "d"}"""));

    [Fact]
    public async Task Without_a_query_points_come_in_id_order_filtered()
        => Assert.Equal([1, 3], await IdsAsync("""{"filter": {"must": {"key": "lang", "match": {"value": "en"}}}}"""));

    [Fact]
    public async Task A_filter_on_the_top_query_reaches_every_prefetch()
    {
        var ids = await IdsAsync("""
            {"prefetch": [{"query": {"indices": [1], "values": [1]}, "using": "s"},
                          {"prefetch": {"query": [0, 1], "using": "d"}, "query": [1, 0], "using": "d"}],
             "query": {"fusion": "rrf"}, "filter": {"must_not": [{"key": "lang", "match": {"any": ["fr", "de"]}}]}}
            """);
        Assert.Equal([1, 3], ids.Order());
    }

    [Fact]
    public async Task Rrf_takes_k_and_weights()
    {
        var body = """
            {"prefetch": [{"query": [1, 0], "using": "d"}, {"query": {"indices": [2], "values": [1]}, "using": "s"}],
             "query": {"rrf": {"k": 60, "weights": [1, 3]}}, "limit": 2}
            """;
        var points = (await _server.PostAsync("/collections/q/points/query", body)).AssertOk().Result["points"]!.AsArray();
        // Point 1 is 1st of the dense list (1 / (0 + 60)) and 2nd of the sparse one, weighted 3 (1 / (2/3 + 59)); point 3 is 3rd
        // and 1st (1 / 62 + 1 / (1/3 + 59)).
        Assert.Equal([1, 3], points.Select(p => p!["id"]!.GetValue<int>()));
        Assert.Equal((1f / 60f) + (1f / ((2f / 3f) + 59f)), points[0]!["score"]!.GetValue<float>(), 6);
        Assert.Equal((1f / 62f) + (1f / ((1f / 3f) + 59f)), points[1]!["score"]!.GetValue<float>(), 6);
        (await _server.PostAsync("/collections/q/points/query", body.Replace("[1, 3]", "[1]", StringComparison.Ordinal)))
            .AssertError(HttpStatusCode.BadRequest, "Number of weights in RRF should match number of pre-fetches: got 1, expected 2");
    }

    [Theory]
    [InlineData("""{"query": {"fusion": "rrf"}}""", "cannot apply Fusion without prefetches")]
    [InlineData("""{"prefetch": {"query": [1, 0], "using": "d"}}""", "cannot have prefetches without a query")]
    [InlineData("""{"query": [1, 0], "using": "nope"}""", "Not existing vector name error: nope")]
    [InlineData("""{"query": [1, 0, 0], "using": "d"}""", "expected dim: 2, got 3")]
    [InlineData("""{"query": [1, 0]}""", "Not existing vector name error: (the default vector)")]
    [InlineData("""{"query": {"indices": [1], "values": [1]}, "using": "d"}""", "vector `d` is dense, but a sparse vector was given")]
    [InlineData("""{"query": 99, "using": "d"}""", "No point with id 99 found")]
    [InlineData("""{"query": {"recommend": {"positive": [1]}}}""", "the `recommend` query is not supported")]
    [InlineData("""{"query": [1, 0], "using": "d", "lookup_from": {"collection": "x"}}""", "lookup_from is not supported")]
    [InlineData("""{"query": [1, 0], "using": "d", "params": {"hnsw_ef": 128, "exact": true, "bogus": 1}}""", "params: unknown field `bogus`")]
    public async Task Queries_that_cannot_run_are_4xx_with_the_reason(string body, string expected)
    {
        var reply = await _server.PostAsync("/collections/q/points/query", body);
        Assert.True(reply.Status is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, reply.Body);
        reply.AssertError(reply.Status, expected);
    }

    [Fact]
    public async Task Query_batch_search_and_search_batch_answer_in_order()
    {
        var batch = (await _server.PostAsync("/collections/q/points/query/batch", """
            {"searches": [{"query": [1, 0], "using": "d", "limit": 1}, {"query": [0, 1], "using": "d", "limit": 1}]}
            """)).AssertOk().Result.AsArray();
        Assert.Equal([1, 4], batch.Select(r => r!["points"]![0]!["id"]!.GetValue<int>()));
        var search = (await _server.PostAsync("/collections/q/points/search", """
            {"vector": {"name": "s", "vector": {"indices": [1], "values": [1]}}, "limit": 5, "with_payload": ["lang"], "with_vector": ["s"]}
            """)).AssertOk().Result.AsArray();
        Assert.Equal([2, 1], search.Select(p => p!["id"]!.GetValue<int>()));
        Assert.Equal("""{"lang":"fr"}""", search[0]!["payload"]!.ToJsonString());
        Assert.Equal([1u], search[0]!["vector"]!["s"]!["indices"]!.AsArray().Select(i => i!.GetValue<uint>()));
        var searches = (await _server.PostAsync("/collections/q/points/search/batch", """
            {"searches": [{"vector": {"name": "d", "vector": [1, 0]}, "limit": 1}, {"vector": {"name": "d", "vector": [0, 1]}, "limit": 2, "offset": 1}]}
            """)).AssertOk().Result.AsArray();
        Assert.Equal(1, searches[0]![0]!["id"]!.GetValue<int>());
        Assert.Equal(3, searches[1]![0]!["id"]!.GetValue<int>());
        (await _server.PostAsync("/collections/q/points/search", """{"vector": [1, 0]}""")).AssertError(HttpStatusCode.BadRequest, "missing field `limit`");
    }

    [Fact]
    public async Task Explanations_give_matched_terms_whose_contributions_sum_to_the_score()
    {
        var points = (await _server.PostAsync("/collections/q/points/query", """
            {"prefetch": [{"query": {"indices": [1, 2, 7], "values": [0.5, 2, 9]}, "using": "s"}, {"query": [1, 0], "using": "d"}],
             "query": {"fusion": "rrf"}, "explain": true, "limit": 4}
            """)).AssertOk().Result["points"]!.AsArray();
        var first = points.Single(p => p!["id"]!.GetValue<int>() == 1)!["explanation"]!["queries"]!.AsArray();
        var sparse = first.Single(q => q!["sparse"]!.GetValue<bool>())!;
        Assert.Equal(2, sparse["rank"]!.GetValue<int>());
        var terms = sparse["terms"]!.AsArray();
        Assert.Equal([2u, 1u], terms.Select(t => t!["index"]!.GetValue<uint>()));
        Assert.Equal(sparse["score"]!.GetValue<float>(), terms.Sum(t => t!["contribution"]!.GetValue<float>()), 5);
        var dense = first.Single(q => !q!["sparse"]!.GetValue<bool>())!;
        Assert.Equal(1f, dense["score"]!.GetValue<float>(), 5);
        Assert.Equal(1, dense["rank"]!.GetValue<int>());
        var fourth = points.Single(p => p!["id"]!.GetValue<int>() == 4)!["explanation"]!["queries"]!.AsArray();
        Assert.Null(fourth.Single(q => q!["sparse"]!.GetValue<bool>())!["score"]);
    }

    private async Task<List<int>> IdsAsync(string body)
        => [.. (await _server.PostAsync("/collections/q/points/query", body)).AssertOk().Result["points"]!.AsArray().Select(p => p!["id"]!.GetValue<int>())];
}
