using System.Globalization;
using System.Text.Json.Nodes;
using Splade.Tests.Shared;

namespace Splade.Cli.Tests.Index;

/// <summary>
/// <c>splade index build --approximate --target-recall</c>, then <c>splade search</c> with and without <c>--exact</c>, and <c>index stats</c>.
/// </summary>
public sealed class ApproximateCommandTests : IDisposable
{
    private readonly TempFolder _folder = new("splade-cli-approximate-");

    public ApproximateCommandTests() => Directory.CreateDirectory(_folder.Path);

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Approximate_build_tunes_and_search_defaults_to_what_the_tuning_chose_unless_exact()
    {
        var input = _folder.Combine("docs.jsonl");
        var random = new Random(5);
        var lines = new List<string>();
        for (var i = 0; i < 300; i++)
        {
            var terms = Enumerable.Range(0, 12).Select(_ => random.Next(400)).Distinct().Order().ToArray();
            var values = terms.Select(_ => (random.Next(1, 40) / 8.0).ToString(CultureInfo.InvariantCulture));
            var embedding = $"{random.Next(1, 9)},{random.Next(1, 9)}";
            lines.Add($$"""{"id":"d{{i}}","indices":[{{string.Join(',', terms)}}],"values":[{{string.Join(',', values)}}],"dense":[{{embedding}}]}""");
        }

        await File.WriteAllLinesAsync(input, lines);
        var index = _folder.Combine("index");
        var build = await SpladeProcess.RunAsync(
            "index", "build", "--input", input, "--out", index, "--approximate", "--target-recall", "0.9", "--tune-sample", "40");
        Assert.True(build.ExitCode == 0, build.Error);
        var report = JsonNode.Parse(build.Output)!;
        Assert.True(report["approximate"]!.GetValue<bool>());
        Assert.Equal(40, report["tuning"]!["queries"]!.GetValue<int>());
        Assert.Equal(report["tuning"]!["recall"]!.GetValue<double>() >= 0.9, report["tuning"]!["reached_target"]!.GetValue<bool>());
        Assert.Single(Directory.GetFiles(index, "seg_*.apx"));

        var query = JsonNode.Parse(lines[7])!;
        var vector = new JsonObject { ["indices"] = query["indices"]!.DeepClone(), ["values"] = query["values"]!.DeepClone() }.ToJsonString();
        // The build times approximate against exact search on the sample and keeps the faster: on 300 documents it may be either,
        // and the search, the build report and the statistics must agree on which.
        var searchesExactly = report["tuning"]!["searches_exactly"]!.GetValue<bool>();
        Assert.True(report["tuning"]!["reached_target"]!.GetValue<bool>() || searchesExactly);
        var chosen = await SpladeProcess.RunAsync("search", "--index", index, "--vector-json", vector, "--k", "5");
        Assert.True(chosen.ExitCode == 0, chosen.Error);
        Assert.Equal(searchesExactly ? "term-at-a-time" : "approximate", JsonNode.Parse(chosen.Output)!["algorithm"]!.GetValue<string>());
        var approximate = await SpladeProcess.RunAsync("search", "--index", index, "--vector-json", vector, "--k", "5", "--algorithm", "approximate");
        Assert.True(approximate.ExitCode == 0, approximate.Error);
        Assert.Equal("approximate", JsonNode.Parse(approximate.Output)!["algorithm"]!.GetValue<string>());
        var exact = await SpladeProcess.RunAsync("search", "--index", index, "--vector-json", vector, "--k", "5", "--exact");
        Assert.Equal("term-at-a-time", JsonNode.Parse(exact.Output)!["algorithm"]!.GetValue<string>());
        Assert.Equal(5, JsonNode.Parse(exact.Output)!["results"]!.AsArray().Count);

        var stats = JsonNode.Parse((await SpladeProcess.RunAsync("index", "stats", index)).Output)!;
        Assert.Equal(1, stats["approximate_segments"]!.GetValue<int>());
        Assert.Equal(report["tuning"]!["query_terms"]!.GetValue<int>(), stats["approximate_search"]!["query_terms"]!.GetValue<int>());
        Assert.Equal(0.9, stats["approximate_target_recall"]!.GetValue<double>());
        Assert.Equal(searchesExactly, stats["approximate_searches_exactly"]!.GetValue<bool>());

        // Every search reports the recall its sparse hits are expected to have: the build's estimate when it ran approximately, 1 exactly.
        var estimated = stats["approximate_tuned_recall"]!.GetValue<double>();
        Assert.Equal(report["tuning"]!["recall"]!.GetValue<double>(), estimated, 9);
        Assert.Equal(searchesExactly ? 1d : estimated, JsonNode.Parse(chosen.Output)!["estimated_recall"]!.GetValue<double>());
        Assert.Equal(estimated, JsonNode.Parse(approximate.Output)!["estimated_recall"]!.GetValue<double>());
        Assert.Equal(1d, JsonNode.Parse(exact.Output)!["estimated_recall"]!.GetValue<double>());
        var queries = _folder.Combine("queries.jsonl");
        await File.WriteAllLinesAsync(queries, [lines[3], lines[9]]);
        var batch = await SpladeProcess.RunAsync("search", "--index", index, "--queries", queries, "--algorithm", "approximate");
        Assert.True(batch.ExitCode == 0, batch.Error);
        Assert.All(
            batch.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries),
            line => Assert.Equal(estimated, JsonNode.Parse(line)!["estimated_recall"]!.GetValue<double>()));
        var both = new JsonObject
        {
            ["indices"] = query["indices"]!.DeepClone(), ["values"] = query["values"]!.DeepClone(), ["dense"] = query["dense"]!.DeepClone(),
        }.ToJsonString();
        var hybrid = await SpladeProcess.RunAsync("search", "--index", index, "--vector-json", both, "--mode", "hybrid", "--algorithm", "approximate");
        Assert.True(hybrid.ExitCode == 0, hybrid.Error);
        Assert.Equal(estimated, JsonNode.Parse(hybrid.Output)!["estimated_recall"]!.GetValue<double>());
        var hybridChosen = await SpladeProcess.RunAsync("search", "--index", index, "--vector-json", both, "--mode", "two-stage");
        Assert.Equal(searchesExactly ? 1d : estimated, JsonNode.Parse(hybridChosen.Output)!["estimated_recall"]!.GetValue<double>());
        var dense = await SpladeProcess.RunAsync("search", "--index", index, "--vector-json", both, "--mode", "dense");
        Assert.True(dense.ExitCode == 0, dense.Error);
        Assert.Null(JsonNode.Parse(dense.Output)!["estimated_recall"]);

        var contradictory = await SpladeProcess.RunAsync("search", "--index", index, "--vector-json", vector, "--exact", "--algorithm", "Approximate");
        Assert.Equal(1, contradictory.ExitCode);
    }
}
