using System.Text.Json.Nodes;
using Splade.Index;
using Splade.Tests.Shared;

namespace Splade.Cli.Tests.Index;

public sealed class IndexCommandTests : IDisposable
{
    private readonly TempFolder _folder = new("splade-cli-index-");

    public IndexCommandTests() => Directory.CreateDirectory(_folder.Path);

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Build_search_delete_and_batch_search_round_trip()
    {
        var input = _folder.Combine("docs.jsonl");
        await File.WriteAllLinesAsync(input,
        [
            """{"id":"a","indices":[1,2],"values":[1.0,2.0],"metadata":{"lang":"en"},"text":"alpha"}""",
            """{"id":"b","indices":[2,3],"values":[3.0,1.0],"metadata":{"lang":"fr"}}""",
            """{"id":"c","indices":[5],"values":[1.0]}""",
        ]);
        var index = _folder.Combine("index");
        Assert.Equal(0, (await SpladeProcess.RunAsync("index", "build", "--input", input, "--out", index)).ExitCode);

        var search = await SpladeProcess.RunAsync("search", "--index", index, "--vector-json", """{"indices":[2],"values":[1.0]}""", "--k", "5");
        Assert.Equal(0, search.ExitCode);
        var hits = JsonNode.Parse(search.Output)!["results"]!.AsArray();
        Assert.Equal(["b", "a"], hits.Select(h => h!["id"]!.GetValue<string>()));
        Assert.Equal(3.0, hits[0]!["score"]!.GetValue<double>());
        Assert.Equal("fr", hits[0]!["metadata"]!["lang"]!.GetValue<string>());

        var filtered = await SpladeProcess.RunAsync(
            "search", "--index", index, "--vector-json", """{"indices":[2],"values":[1.0]}""", "--filter", """{"field":"lang","eq":"en"}""");
        Assert.Equal(["a"], JsonNode.Parse(filtered.Output)!["results"]!.AsArray().Select(h => h!["id"]!.GetValue<string>()));

        var delete = await SpladeProcess.RunAsync("index", "delete", index, "--id", "b", "--id", "unknown");
        Assert.Equal(1, JsonNode.Parse(delete.Output)!["deleted"]!.GetValue<int>());

        var queries = _folder.Combine("queries.jsonl");
        await File.WriteAllLinesAsync(queries, ["""{"id":"q1","indices":[2],"values":[1.0]}""", """{"id":"q2","indices":[5],"values":[2.0]}"""]);
        var output = _folder.Combine("results.jsonl");
        var batch = await SpladeProcess.RunAsync("search", "--index", index, "--queries", queries, "--output", output, "--threads", "2");
        Assert.Equal(0, batch.ExitCode);
        Assert.NotNull(JsonNode.Parse(batch.Error)!["p99_ms"]);
        var lines = (await File.ReadAllLinesAsync(output)).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(["q1", "q2"], lines.Select(l => l["query_id"]!.GetValue<string>()));
        Assert.Equal(["a"], lines[0]["results"]!.AsArray().Select(h => h!["id"]!.GetValue<string>()));
        Assert.Equal(2.0, lines[1]["results"]![0]!["score"]!.GetValue<double>());

        var stats = await SpladeProcess.RunAsync("index", "stats", index);
        Assert.Equal(2, JsonNode.Parse(stats.Output)!["documents"]!.GetValue<int>());
    }

    [Fact]
    public async Task Build_with_int8_dense_precision_is_shown_by_stats_and_a_bad_precision_lists_the_accepted_ones()
    {
        var input = _folder.Combine("dense.jsonl");
        await File.WriteAllLinesAsync(input,
        [
            """{"id":"a","indices":[1],"values":[1.0],"dense":[0.5,-1.0,0.25]}""",
            """{"id":"b","indices":[2],"values":[1.0],"dense":[1.0,0.0,0.0]}""",
        ]);
        var index = _folder.Combine("index");
        var build = await SpladeProcess.RunAsync("index", "build", "--input", input, "--out", index, "--dense-precision", "int8");
        Assert.Equal(0, build.ExitCode);
        Assert.Equal("int8", JsonNode.Parse(build.Output)!["dense_precision"]!.GetValue<string>());

        var stats = JsonNode.Parse((await SpladeProcess.RunAsync("index", "stats", index)).Output)!;
        Assert.Equal("int8", stats["dense_precision"]!.GetValue<string>());
        Assert.Equal(3, stats["dense_dimension"]!.GetValue<int>());

        var bad = await SpladeProcess.RunAsync("index", "build", "--input", input, "--out", _folder.Combine("other"), "--dense-precision", "float16");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("float16", bad.Error, StringComparison.Ordinal);
        Assert.Contains("float32, int8", bad.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_folder.Combine("other")));
    }

    [Fact]
    public async Task Bad_input_lines_are_reported_with_file_and_line_and_exit_code_2()
    {
        var input = _folder.Combine("bad.jsonl");
        await File.WriteAllLinesAsync(
            input,
            [
                """{"id":"a","indices":[1],"values":[1.0]}""", """{"id":"c","indices":[1],"values":[2.0]}""",
                """{"id":"b","indices":[3,2],"values":[1.0,1.0]}"""]);
        var indexFolder = _folder.Combine("index");
        var result = await SpladeProcess.RunAsync("index", "build", "--input", input, "--out", indexFolder);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("bad.jsonl:3: invalid vector: indices[1] = 2 is smaller than indices[0] = 3", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", result.Error, StringComparison.Ordinal);
        using (var unchanged = SparseIndex.Open(indexFolder))
        {
            Assert.Equal(0, unchanged.Count);
        }

        var missing = await SpladeProcess.RunAsync("search", "--index", _folder.Combine("nope"), "--vector-json", """{"indices":[1],"values":[1.0]}""");
        Assert.Equal(2, missing.ExitCode);
    }
}
