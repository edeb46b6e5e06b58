using System.Net;

namespace Splade.Server.Tests.Http;

public sealed class CollectionsTests : IAsyncLifetime
{
    private const string Hybrid = """
        {"vectors": {"dense": {"size": 3, "distance": "Cosine"}, "raw": {"size": 2, "distance": "Dot"}},
         "sparse_vectors": {"text": {"modifier": "idf"}, "splade": {}}, "metadata": {"owner": "tests"}}
        """;

    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_collection_is_created_listed_described_and_deleted()
    {
        await _server.CreateCollectionAsync("docs", Hybrid);
        Assert.True((await _server.GetAsync("/collections/docs/exists")).AssertOk().Result["exists"]!.GetValue<bool>());
        var list = (await _server.GetAsync("/collections")).AssertOk().Result["collections"]!.AsArray();
        Assert.Equal(["docs"], list.Select(c => c!["name"]!.GetValue<string>()));
        var info = (await _server.GetAsync("/collections/docs")).AssertOk().Result;
        Assert.Equal("green", info["status"]!.GetValue<string>());
        Assert.Equal(0, info["points_count"]!.GetValue<int>());
        var parameters = info["config"]!["params"]!;
        Assert.Equal(3, parameters["vectors"]!["dense"]!["size"]!.GetValue<int>());
        Assert.Equal("Dot", parameters["vectors"]!["raw"]!["distance"]!.GetValue<string>());
        Assert.Equal("idf", parameters["sparse_vectors"]!["text"]!["modifier"]!.GetValue<string>());
        Assert.Equal("tests", info["config"]!["metadata"]!["owner"]!.GetValue<string>());

        Assert.True((await _server.DeleteAsync("/collections/docs")).AssertOk().Result.GetValue<bool>());
        Assert.False((await _server.GetAsync("/collections/docs/exists")).AssertOk().Result["exists"]!.GetValue<bool>());
        Assert.False((await _server.DeleteAsync("/collections/docs")).AssertOk().Result.GetValue<bool>());
        (await _server.GetAsync("/collections/docs")).AssertError(HttpStatusCode.NotFound, "Collection `docs` doesn't exist!");
    }

    [Fact]
    public async Task An_unnamed_vector_is_reported_as_Qdrant_does()
    {
        await _server.CreateCollectionAsync("single", """{"vectors": {"size": 4, "distance": "Dot"}}""");
        var vectors = (await _server.GetAsync("/collections/single")).AssertOk().Result["config"]!["params"]!["vectors"]!;
        Assert.Equal(4, vectors["size"]!.GetValue<int>());
    }

    [Fact]
    public async Task Collections_their_configuration_and_points_survive_a_restart()
    {
        await _server.CreateCollectionAsync("kept", Hybrid);
        (await _server.PutAsync("/collections/kept/index", """{"field_name": "city", "field_schema": "keyword"}""")).AssertOk();
        (await _server.PutAsync("/collections/kept/points?wait=true",
            """{"points": [{"id": 7, "vector": {"dense": [1, 2, 3], "text": {"indices": [4], "values": [0.5]}}, "payload": {"city": "Oslo"}}]}""")).AssertOk();
        await _server.RestartAsync();
        var info = (await _server.GetAsync("/collections/kept")).AssertOk().Result;
        Assert.Equal(1, info["points_count"]!.GetValue<int>());
        Assert.Equal("keyword", info["payload_schema"]!["city"]!["data_type"]!.GetValue<string>());
        Assert.Equal(1, info["payload_schema"]!["city"]!["points"]!.GetValue<int>());
        var point = (await _server.GetAsync("/collections/kept/points/7")).AssertOk().Result;
        Assert.Equal("Oslo", point["payload"]!["city"]!.GetValue<string>());
        Assert.Equal(0.5f, point["vector"]!["text"]!["values"]![0]!.GetValue<float>());
    }

    [Fact]
    public async Task Creating_a_collection_twice_answers_409_even_at_the_same_time()
    {
        var replies = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => _server.PutAsync("/collections/twice", Hybrid)));
        Assert.Single(replies, r => r.Status == HttpStatusCode.OK);
        Assert.All(replies.Where(r => r.Status != HttpStatusCode.OK), r => r.AssertError(HttpStatusCode.Conflict, "Collection `twice` already exists!"));
        Assert.Single((await _server.GetAsync("/collections")).AssertOk().Result["collections"]!.AsArray());
    }

    [Theory]
    [InlineData("""{"vectors": {"size": 3, "distance": "Euclid"}}""", "Euclid distance is not supported")]
    [InlineData("""{"vectors": {"size": 3, "distance": "Manhattan"}}""", "Manhattan distance is not supported")]
    [InlineData("""{"vectors": {"size": 3, "distance": "Near"}}""", "unknown distance `Near`")]
    [InlineData("""{"vectors": {"distance": "Dot"}}""", "missing field `size`")]
    [InlineData("""{"vectors": {"size": 3, "distance": "Dot"}, "quantization_config": {"scalar": {"type": "int8"}}}""", "quantization_config is not supported")]
    [InlineData("""{"shard_number": 2}""", "shard_number 2 is not supported")]
    [InlineData("""{"sparse_vectors": {"s": {"modifier": "bm42"}}}""", "unknown modifier `bm42`")]
    [InlineData("""{"vectors": {"x": {"size": 3, "distance": "Dot"}}, "sparse_vectors": {"x": {}}}""", "dense and a sparse vector")]
    [InlineData("""{"vectors": {"size": 3, "distance": "Dot", "multivector_config": {"comparator": "max_sim"}}}""", "multivector_config is not supported")]
    public async Task Options_Splade_NET_cannot_honour_are_refused_and_nothing_is_created(string body, string expected)
    {
        (await _server.PutAsync("/collections/refused", body)).AssertError(HttpStatusCode.BadRequest, expected);
        Assert.False((await _server.GetAsync("/collections/refused/exists")).AssertOk().Result["exists"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Size_zero_is_a_validation_error_as_in_Qdrant()
        => (await _server.PutAsync("/collections/zero", """{"vectors": {"size": 0, "distance": "Dot"}}"""))
            .AssertError(HttpStatusCode.UnprocessableEntity, "size must be at least 1");

    [Theory]
    [InlineData("a:b")]
    [InlineData("a*b")]
    [InlineData("a|b")]
    public async Task Names_Qdrant_forbids_are_refused(string name)
        => (await _server.PutAsync($"/collections/{name}", "{}")).AssertError(HttpStatusCode.UnprocessableEntity, "collection name");

    [Fact]
    public async Task Payload_indexes_accept_Qdrants_types_and_refuse_others()
    {
        await _server.CreateCollectionAsync("indexed", Hybrid);
        foreach (var type in new[] { "keyword", "integer", "float", "geo", "text", "bool", "datetime", "uuid" })
        {
            (await _server.PutAsync("/collections/indexed/index", $$"""{"field_name": "f_{{type}}", "field_schema": "{{type}}"}""")).AssertOk();
        }

        (await _server.PutAsync("/collections/indexed/index", """{"field_name": "obj", "field_schema": {"type": "text", "tokenizer": "word"}}""")).AssertOk();
        (await _server.PutAsync("/collections/indexed/index", """{"field_name": "x", "field_schema": "vector"}"""))
            .AssertError(HttpStatusCode.BadRequest, "unknown payload type `vector`");
        var schema = (await _server.GetAsync("/collections/indexed")).AssertOk().Result["payload_schema"]!.AsObject();
        Assert.Equal(9, schema.Count);
        (await _server.DeleteAsync("/collections/indexed/index/f_geo")).AssertOk();
        Assert.Equal(8, (await _server.GetAsync("/collections/indexed")).AssertOk().Result["payload_schema"]!.AsObject().Count);
    }
}
