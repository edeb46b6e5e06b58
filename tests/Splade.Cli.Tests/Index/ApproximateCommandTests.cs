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
            lines.Add($$"""{"id":"d{{i}}","indices":[{{string.Join(',', terms)}}],"values":[{{string.Join(',', values)}}]}""");
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

        var contradictory = await SpladeProcess.RunAsync("search", "--index", index, "--vector-json", vector, "--exact", "--algorithm", "Approximate");
        Assert.Equal(1, contradictory.ExitCode);
    }
}
