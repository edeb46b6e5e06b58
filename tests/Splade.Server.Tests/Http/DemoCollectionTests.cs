namespace Splade.Server.Tests.Http;

public sealed class DemoCollectionTests
{
    [Fact]
    public async Task An_empty_data_folder_gets_medline_with_bm25_at_once_and_the_rest_encoded_in_the_background()
    {
        await using var server = await TestServer.StartAsync(o => o with { Demo = true });
        var info = (await server.GetAsync("/collections/medline")).AssertOk().Result;
        Assert.Equal(1033, info["points_count"]!.GetValue<int>());
        var hits = (await server.PostAsync("/collections/medline/points/query", """
            {"query": {"text": "fetal plasma glucose", "model": "bm25"}, "using": "bm25", "with_payload": ["doc_id"], "limit": 3}
            """)).AssertOk().Result["points"]!.AsArray();
        Assert.Equal(3, hits.Count);
        Assert.Equal("1", hits[0]!["payload"]!["doc_id"]!.GetValue<string>());
        if (info["status"]!.GetValue<string>() == "yellow")
        {
            var tasks = info["splade"]!["background_tasks"]!.AsObject();
            var task = Assert.Single(tasks);
            Assert.StartsWith("encode ", task.Key, StringComparison.Ordinal);
            Assert.Equal(1033, task.Value!["total"]!.GetValue<int>());
            Assert.InRange(task.Value["done"]!.GetValue<int>(), 0, 1033);
        }

        // A second start on the same folder creates nothing new.
        await server.RestartAsync();
        Assert.Single((await server.GetAsync("/collections")).AssertOk().Result["collections"]!.AsArray());
    }
}
