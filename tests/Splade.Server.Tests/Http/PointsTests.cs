using System.Net;
using System.Text.Json.Nodes;

namespace Splade.Server.Tests.Http;

public sealed class PointsTests : IAsyncLifetime
{
    private const string Uuid = "5c56c793-69f3-4fbf-87e6-c4bf54c28c26";
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        await _server.CreateCollectionAsync("c", """{"vectors": {"dense": {"size": 2, "distance": "Dot"}}, "sparse_vectors": {"text": {}}}""");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Upserted_points_are_retrieved_with_integer_and_uuid_ids_kept_as_given()
    {
        var upsert = await _server.PutAsync("/collections/c/points?wait=true", $$$"""
            {"points": [
              {"id": 1, "vector": {"dense": [1, 2], "text": {"indices": [9, 3], "values": [0.5, 1.5]}}, "payload": {"a": 1}},
              {"id": "{{{Uuid.ToUpperInvariant()}}}", "vector": {"dense": [3, 4]}, "payload": {"a": 2}},
              {"id": 18446744073709551615, "vector": {}}
            ]}
            """);
        Assert.Equal("completed", upsert.AssertOk().Result["status"]!.GetValue<string>());
        var points = (await _server.PostAsync("/collections/c/points", $$"""{"ids": [18446744073709551615, "{{Uuid}}", 1, 404], "with_vector": true}"""))
            .AssertOk().Result.AsArray();
        Assert.Equal(3, points.Count);
        Assert.Equal(18446744073709551615UL, points[0]!["id"]!.GetValue<ulong>());
        Assert.Equal(Uuid, points[1]!["id"]!.GetValue<string>());
        Assert.Equal(2, points[1]!["payload"]!["a"]!.GetValue<int>());
        var vector = points[2]!["vector"]!;
        Assert.Equal([3u, 9u], vector["text"]!["indices"]!.AsArray().Select(i => i!.GetValue<uint>()));
        Assert.Equal([1.5f, 0.5f], vector["text"]!["values"]!.AsArray().Select(i => i!.GetValue<float>()));
        Assert.Equal("array", JsonValueKind(vector["dense"]));
        Assert.Empty(points[0]!["vector"]!.AsObject());
        (await _server.GetAsync("/collections/c/points/404")).AssertError(HttpStatusCode.NotFound, "No point with id 404 found");
        Assert.Equal(3, (await _server.PostAsync("/collections/c/points/count", "{}")).AssertOk().Result["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_batch_form_upserts_like_the_list_form()
    {
        (await _server.PutAsync("/collections/c/points", """
            {"batch": {"ids": [1, 2], "vectors": {"dense": [[1, 0], [0, 1]]}, "payloads": [{"k": "x"}, null]}}
            """)).AssertOk();
        var points = (await _server.PostAsync("/collections/c/points", """{"ids": [1, 2], "with_payload": true}""")).AssertOk().Result.AsArray();
        Assert.Equal("x", points[0]!["payload"]!["k"]!.GetValue<string>());
        Assert.Empty(points[1]!["payload"]!.AsObject());
        (await _server.PutAsync("/collections/c/points", """{"batch": {"ids": [1, 2], "vectors": {"dense": [[1, 0]]}}}"""))
            .AssertError(HttpStatusCode.BadRequest, "batch.vectors.dense has 1 entries but batch.ids has 2");
    }

    [Fact]
    public async Task Scroll_pages_through_ids_in_Qdrants_order_integers_before_uuids()
    {
        var ids = new List<string> { "10", "2", $"\"{Uuid}\"", "\"00000000-0000-0000-0000-000000000001\"", "7" };
        var points = string.Join(",", ids.Select(id => $$$"""{"id": {{{id}}}, "vector": {}, "payload": {"n": {{{ids.IndexOf(id)}}}}}"""));
        (await _server.PutAsync("/collections/c/points", $$"""{"points": [{{points}}]}""")).AssertOk();
        var seen = new List<string>();
        JsonNode? offset = null;
        do
        {
            var body = offset is null ? """{"limit": 2}""" : $$"""{"limit": 2, "offset": {{offset.ToJsonString()}}}""";
            var page = (await _server.PostAsync("/collections/c/points/scroll", body)).AssertOk().Result;
            seen.AddRange(page["points"]!.AsArray().Select(p => p!["id"]!.ToJsonString().Trim('"')));
            offset = page["next_page_offset"];
        }
        while (offset is not null);

        Assert.Equal(["2", "7", "10", "00000000-0000-0000-0000-000000000001", Uuid], seen);
        var filtered = (await _server.PostAsync("/collections/c/points/scroll",
            """{"filter": {"must": [{"key": "n", "range": {"gte": 2}}]}, "with_payload": false}"""))
            .AssertOk().Result;
        Assert.Equal(3, filtered["points"]!.AsArray().Count);
        Assert.Null(filtered["points"]![0]!["payload"]);
        Assert.Null(filtered["next_page_offset"]);
    }

    [Fact]
    public async Task Points_are_deleted_by_id_and_by_filter()
    {
        await UpsertThreeAsync();
        (await _server.PostAsync("/collections/c/points/delete", """{"points": [1, 99]}""")).AssertOk();
        (await _server.PostAsync("/collections/c/points/delete", """{"filter": {"must": {"key": "city", "match": {"value": "Berlin"}}}}""")).AssertOk();
        var left = (await _server.PostAsync("/collections/c/points/scroll", "{}")).AssertOk().Result["points"]!.AsArray();
        Assert.Equal([3], left.Select(p => p!["id"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Payloads_are_set_overwritten_have_keys_deleted_and_are_cleared()
    {
        await UpsertThreeAsync();
        (await _server.PostAsync("/collections/c/points/payload", """{"payload": {"extra": true, "city": "Rome"}, "points": [1]}""")).AssertOk();
        Assert.Equal("""{"city":"Rome","n":1,"tags":["a","b"],"extra":true}""", await PayloadAsync(1));
        (await _server.PutAsync("/collections/c/points/payload", """{"payload": {"only": 1}, "filter": {"must": [{"has_id": [2]}]}}""")).AssertOk();
        Assert.Equal("""{"only":1}""", await PayloadAsync(2));
        (await _server.PostAsync("/collections/c/points/payload/delete", """{"keys": ["n", "tags"], "points": [1, 3]}""")).AssertOk();
        Assert.Equal("""{"city":"Rome","extra":true}""", await PayloadAsync(1));
        (await _server.PostAsync("/collections/c/points/payload/clear", """{"points": [3]}""")).AssertOk();
        Assert.Equal("{}", await PayloadAsync(3));
        // Payload changes keep the vectors, and filters see the new payload.
        var point = (await _server.GetAsync("/collections/c/points/1")).AssertOk().Result;
        Assert.Equal(1f, point["vector"]!["dense"]![0]!.GetValue<float>());
        var count = (await _server.PostAsync("/collections/c/points/count", """{"filter": {"must": [{"key": "city", "match": {"value": "Rome"}}]}}"""))
            .AssertOk().Result;
        Assert.Equal(1, count["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Vectors_are_updated_and_deleted_without_touching_the_rest()
    {
        await UpsertThreeAsync();
        (await _server.PutAsync("/collections/c/points/vectors", """{"points": [{"id": 1, "vector": {"text": {"indices": [5], "values": [2]}}}]}"""))
            .AssertOk();
        var point = (await _server.GetAsync("/collections/c/points/1")).AssertOk().Result;
        Assert.Equal(5u, point["vector"]!["text"]!["indices"]![0]!.GetValue<uint>());
        Assert.NotNull(point["vector"]!["dense"]);
        Assert.Equal("London", point["payload"]!["city"]!.GetValue<string>());
        (await _server.PostAsync("/collections/c/points/vectors/delete", """{"points": [1], "vector": ["dense"]}""")).AssertOk();
        point = (await _server.GetAsync("/collections/c/points/1")).AssertOk().Result;
        Assert.Null(point["vector"]!["dense"]);
        var hasDense = (await _server.PostAsync("/collections/c/points/count", """{"filter": {"must": [{"has_vector": "dense"}]}}""")).AssertOk().Result;
        Assert.Equal(2, hasDense["count"]!.GetValue<int>());
        (await _server.PutAsync("/collections/c/points/vectors", """{"points": [{"id": 77, "vector": {"dense": [1, 1]}}]}"""))
            .AssertError(HttpStatusCode.NotFound, "No point with id 77 found");
    }

    [Fact]
    public async Task Update_modes_insert_only_and_update_only_are_honoured()
    {
        await UpsertThreeAsync();
        (await _server.PutAsync("/collections/c/points",
            """
            {"points": [{"id": 1, "vector": {}, "payload": {"v": "new"}}, {"id": 4, "vector": {}, "payload": {"v": "new"}}],
             "update_mode": "insert_only"}
            """))
            .AssertOk();
        Assert.Equal("London", JsonNode.Parse(await PayloadAsync(1))!["city"]!.GetValue<string>());
        Assert.Equal("""{"v":"new"}""", await PayloadAsync(4));
        (await _server.PutAsync("/collections/c/points",
            """{"points": [{"id": 2, "vector": {}, "payload": {"v": "upd"}}, {"id": 5, "vector": {}}], "update_mode": "update_only"}"""))
            .AssertOk();
        Assert.Equal("""{"v":"upd"}""", await PayloadAsync(2));
        Assert.Empty((await _server.PostAsync("/collections/c/points", """{"ids": [5]}""")).AssertOk().Result.AsArray());
    }

    [Fact]
    public async Task A_write_without_wait_is_acknowledged_and_already_visible()
    {
        var reply = await _server.PutAsync("/collections/c/points", """{"points": [{"id": 1, "vector": {"dense": [1, 1]}}]}""");
        Assert.Equal("acknowledged", reply.AssertOk().Result["status"]!.GetValue<string>());
        Assert.Single((await _server.PostAsync("/collections/c/points", """{"ids": [1]}""")).AssertOk().Result.AsArray());
    }

    private async Task UpsertThreeAsync()
        => (await _server.PutAsync("/collections/c/points?wait=true", """
            {"points": [
              {"id": 1, "vector": {"dense": [1, 0], "text": {"indices": [1], "values": [1]}}, "payload": {"city": "London", "n": 1, "tags": ["a", "b"]}},
              {"id": 2, "vector": {"dense": [0, 1]}, "payload": {"city": "Berlin", "n": 2}},
              {"id": 3, "vector": {"dense": [1, 1], "text": {"indices": [1, 2], "values": [2, 1]}}, "payload": {"city": "Moscow", "n": 3}}
            ]}
            """)).AssertOk();

    private async Task<string> PayloadAsync(int id)
        => (await _server.GetAsync($"/collections/c/points/{id}")).AssertOk().Result["payload"]!.ToJsonString();

    private static string JsonValueKind(JsonNode? node) => node switch
    {
        JsonArray => "array",
        JsonObject => "object",
        _ => "value",
    };
}
