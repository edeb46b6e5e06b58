using System.Net;

namespace Splade.Server.Tests.Http;

/// <summary>Every kind of bad input is a clear 4xx in Qdrant's error shape, writes nothing, and the server keeps serving.</summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        await _server.CreateCollectionAsync("b", """{"vectors": {"d": {"size": 2, "distance": "Cosine"}}, "sparse_vectors": {"s": {}}}""");
        (await _server.PutAsync("/collections/b/points", """{"points": [{"id": 1, "vector": {"d": [1, 0]}, "payload": {"tag": "x"}}]}""")).AssertOk();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("""{"points": [{"id": 1, "vector": {"d": [1, 0]}""", "the body is not valid JSON")]
    [InlineData("""{"points": [{"id": 2, "vector": {"d": [NaN, 0]}}]}""", "the body is not valid JSON")]
    [InlineData("""{"points": "all"}""", "expected an array")]
    [InlineData("""{"points": [{"id": -1, "vector": {}}]}""", "expected a point id (an unsigned integer or a UUID string)")]
    [InlineData("""{"points": [{"id": "not-a-uuid", "vector": {}}]}""", "the point id \"not-a-uuid\" is not a UUID")]
    [InlineData("""{"points": [{"id": 2.5, "vector": {}}]}""", "expected a point id")]
    [InlineData("""{"points": [{"id": 2, "vector": {"d": [1e39, 0]}}]}""", "is not a finite 32-bit float")]
    [InlineData("""{"points": [{"id": 2, "vector": {"d": ["1", 0]}}]}""", "expected a number")]
    [InlineData("""{"points": [{"id": 2, "vector": {"d": [1, 0, 0]}}]}""", "Vector dimension error: expected dim: 2, got 3")]
    [InlineData("""{"points": [{"id": 2, "vector": {"zz": [1, 0]}}]}""", "Not existing vector name error: zz")]
    [InlineData("""{"points": [{"id": 2, "vector": {"s": [1, 0]}}]}""", "vector `s` is sparse, but a dense vector was given")]
    [InlineData("""{"points": [{"id": 2, "vector": {"s": {"indices": [1, 2], "values": [1]}}}]}""", "must have the same length (2 indices, 1 values)")]
    [InlineData("""{"points": [{"id": 2, "vector": {"s": {"indices": [3, 1, 3], "values": [1, 1, 1]}}}]}""", "must be unique (index 3 repeats)")]
    [InlineData("""{"points": [{"id": 2, "vector": {"s": {"indices": [-3], "values": [1]}}}]}""", "expected an unsigned 32-bit integer")]
    [InlineData("""{"points": [{"id": 2, "vector": {"d": [[1, 0], [0, 1]]}}]}""", "multi-vectors (arrays of arrays) are not supported")]
    [InlineData("""{"points": [{"id": 2}]}""", "missing field `vector`")]
    [InlineData("""{"points": [{"vector": {}}]}""", "missing field `id`")]
    [InlineData("""{}""", "missing field `points`")]
    [InlineData("""{"points": [{"id": 2, "vector": {}}], "shard_key": "a"}""", "shard keys are not supported")]
    public async Task Bad_points_are_refused_and_nothing_of_their_batch_is_written(string body, string expected)
    {
        // The bad point follows a good one in the same batch where the body is well formed.
        var reply = await _server.PutAsync("/collections/b/points", body.Replace("""{"points": [""",
            """{"points": [{"id": 9, "vector": {"d": [0, 1]}}, """, StringComparison.Ordinal));
        Assert.True(reply.Status is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity, reply.Body);
        reply.AssertError(reply.Status, expected);
        await AssertUnchangedAsync();
    }

    [Fact]
    public async Task Unsorted_sparse_indices_are_accepted_and_sorted()
    {
        (await _server.PutAsync("/collections/b/points", """{"points": [{"id": 5, "vector": {"s": {"indices": [9, 2, 5], "values": [0.9, 0.2, 0.5]}}}]}"""))
            .AssertOk();
        var sparse = (await _server.GetAsync("/collections/b/points/5")).AssertOk().Result["vector"]!["s"]!;
        Assert.Equal("[2,5,9]", sparse["indices"]!.ToJsonString());
        Assert.Equal("[0.2,0.5,0.9]", sparse["values"]!.ToJsonString());
    }

    [Theory]
    [InlineData("""{"filter": {"must": [], "wrong": 1}}""", "unknown field `wrong`, expected one of `should`, `min_should`, `must`, `must_not`")]
    [InlineData("""{"filter": {"must": [{"key": "tag", "mach": {"value": "x"}}]}}""", "names no condition")]
    [InlineData("""{"filter": {"must": [{"key": "tag", "match": {"value": 1.5}}]}}""", "expected a string, an integer or a boolean")]
    [InlineData("""{"filter": {"must": [{"key": "tag", "match": {"any": ["x", 1]}}]}}""", "mixes strings and integers")]
    [InlineData("""{"filter": {"must": [{"key": "n", "range": {"gte": 1, "lt": "2020-01-01"}}]}}""", "mix numbers and date-time strings")]
    [InlineData("""{"filter": {"must": [{"key": "n", "range": {"gte": "yesterday"}}]}}""", "is not an RFC 3339 date-time")]
    [InlineData("""{"filter": {"must": [{"key": "n", "range": {"from": 1}}]}}""", "unknown range bound `from`")]
    [InlineData("""{"filter": {"must": [{"key": "loc", "geo_radius": {"center": {"lat": 0, "lon": 0}, "radius": 5}}]}}""", "geo_radius) are not supported")]
    [InlineData("""{"filter": {"must": [{"nested": {"key": "a", "filter": {"must": [{"has_id": [1]}]}}}]}}""", "has_id is not supported inside a nested")]
    [InlineData("""{"filter": {"must": [{"whatever": 1}]}}""", "unknown condition with fields `whatever`")]
    [InlineData("""{"with_payload": {"include": ["a"], "also": 1}}""", "no other field")]
    [InlineData("""{"limit": "ten"}""", "expected an integer")]
    [InlineData("""{"limit": 0}""", "limit: value 0 invalid, must be 1 or larger")]
    [InlineData("""{"offset": "a"}""", "is not a UUID")]
    [InlineData("""{"with_vector": ["nope"]}""", "Not existing vector name error: nope")]
    [InlineData("""{"order_by": "tag"}""", "order_by is not supported")]
    public async Task Bad_scrolls_and_filters_are_refused_with_the_reason(string body, string expected)
    {
        var reply = await _server.PostAsync("/collections/b/points/scroll", body);
        Assert.True(reply.Status is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity, reply.Body);
        reply.AssertError(reply.Status, expected);
        await AssertUnchangedAsync();
    }

    [Fact]
    public async Task A_filter_whose_type_does_not_fit_the_fields_payload_index_is_refused()
    {
        (await _server.PutAsync("/collections/b/index", """{"field_name": "tag", "field_schema": "keyword"}""")).AssertOk();
        (await _server.PostAsync("/collections/b/points/count", """{"filter": {"must": [{"key": "tag", "range": {"gt": 1}}]}}"""))
            .AssertError(HttpStatusCode.BadRequest, "the filter uses a numeric range on `tag`, whose payload index has type keyword");
        (await _server.PostAsync("/collections/b/points/count", """{"filter": {"must": [{"key": "tag", "match": {"value": 3}}]}}"""))
            .AssertError(HttpStatusCode.BadRequest, "an integer match on `tag`");
        Assert.Equal(1, (await _server.PostAsync("/collections/b/points/count", """{"filter": {"must": [{"key": "tag", "match": {"value": "x"}}]}}"""))
            .AssertOk().Result["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_field_of_mixed_types_without_an_index_matches_each_value_by_its_own_type()
    {
        (await _server.PutAsync("/collections/b/points", """
            {"points": [{"id": 2, "vector": {}, "payload": {"m": 5}}, {"id": 3, "vector": {}, "payload": {"m": "5"}},
                        {"id": 4, "vector": {}, "payload": {"m": [5, "x", null]}}]}
            """)).AssertOk();
        async Task<int> CountAsync(string filter)
            => (await _server.PostAsync("/collections/b/points/count", $$"""{"filter": {{filter}}}""")).AssertOk().Result["count"]!.GetValue<int>();
        Assert.Equal(2, await CountAsync("""{"must": [{"key": "m", "match": {"value": 5}}]}"""));
        Assert.Equal(1, await CountAsync("""{"must": [{"key": "m", "match": {"value": "5"}}]}"""));
        Assert.Equal(2, await CountAsync("""{"must": [{"key": "m", "range": {"gte": 5}}]}"""));
        // As in Qdrant, a path selects the array itself; [] selects its elements.
        Assert.Equal(0, await CountAsync("""{"must": [{"is_null": {"key": "m"}}]}"""));
        Assert.Equal(1, await CountAsync("""{"must": [{"is_null": {"key": "m[]"}}]}"""));
    }

    [Fact]
    public async Task Unknown_collections_and_points_are_404()
    {
        (await _server.PostAsync("/collections/none/points/query", "{}")).AssertError(HttpStatusCode.NotFound, "Collection `none` doesn't exist!");
        (await _server.PutAsync("/collections/none/points", """{"points": []}""")).AssertError(HttpStatusCode.NotFound, "Collection `none` doesn't exist!");
        (await _server.GetAsync("/collections/b/points/77")).AssertError(HttpStatusCode.NotFound, "No point with id 77 found");
        (await _server.GetAsync("/collections/b/points/x-y")).AssertError(HttpStatusCode.BadRequest, "is not a point id");
    }

    [Fact]
    public async Task An_empty_body_where_one_is_needed_is_refused()
        => (await _server.PutAsync("/collections/b/points", "")).AssertError(HttpStatusCode.BadRequest, "the body is empty");

    [Fact]
    public async Task Deleting_a_collection_while_it_is_queried_gives_each_query_an_answer_or_a_404_and_the_server_keeps_serving()
    {
        using var stop = new CancellationTokenSource();
        var statuses = new System.Collections.Concurrent.ConcurrentBag<HttpStatusCode>();
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var reply = await _server.PostAsync("/collections/b/points/query", """{"query": [1, 0], "using": "d"}""");
                statuses.Add(reply.Status);
                if (reply.Status == HttpStatusCode.NotFound)
                {
                    reply.AssertError(HttpStatusCode.NotFound, "Collection `b` doesn't exist!");
                    return;
                }
            }
        })).ToList();
        await Task.Delay(200);
        Assert.True((await _server.DeleteAsync("/collections/b")).AssertOk().Result.GetValue<bool>());
        await Task.WhenAll(readers).WaitAsync(TimeSpan.FromMinutes(2));
        stop.Cancel();
        Assert.All(statuses, status => Assert.True(status is HttpStatusCode.OK or HttpStatusCode.NotFound, status.ToString()));
        Assert.Contains(HttpStatusCode.NotFound, statuses);
        await _server.CreateCollectionAsync("b", """{"sparse_vectors": {"s": {}}}""");
        Assert.Equal(0, (await _server.PostAsync("/collections/b/points/count", "{}")).AssertOk().Result["count"]!.GetValue<int>());
    }

    private async Task AssertUnchangedAsync()
    {
        var count = (await _server.PostAsync("/collections/b/points/count", "{}")).AssertOk().Result["count"]!.GetValue<int>();
        Assert.Equal(1, count);
    }
}
