using System.Text.Json.Nodes;
using Splade.Tests.Shared;

namespace Splade.Cli.Tests.Search;

/// <summary>
/// <c>splade search</c> in every mode (sparse, dense, hybrid with each fusion, two-stage with and without fusion) for single and batch
/// queries: the same output shape, <c>--filter</c> and <c>-k</c> honoured everywhere, options a mode cannot use refused, and an index
/// whose documents do not all have a dense vector searched without a crash. Queries are given as vectors, so no model is loaded.
/// </summary>
public sealed class SearchModesCommandTests : IDisposable
{
    private const string Query = """{"indices":[1,2,3],"values":[1.0,0.5,0.25],"dense":[1.0,0.0,0.0]}""";
    private const string English = """{"field":"lang","eq":"en"}""";

    private static readonly string[][] Modes =
    [
        ["--mode", "sparse"],
        ["--mode", "dense"],
        ["--mode", "hybrid", "--fusion", "rrf"],
        ["--mode", "hybrid", "--fusion", "convex", "--alpha", "0.3"],
        ["--mode", "hybrid", "--fusion", "alpha", "--alpha", "0.7"],
        ["--mode", "two-stage"],
        ["--mode", "two-stage", "--fusion", "convex"],
    ];

    private readonly TempFolder _folder = new("splade-search-modes-");

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string[]> EveryMode()
    {
        var data = new TheoryData<string[]>();
        foreach (var mode in Modes)
        {
            data.Add(mode);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryMode))]
    public void Every_mode_honours_the_filter_and_k_for_single_and_batch_queries_in_one_output_shape(string[] mode)
    {
        var index = BuildIndex(withDenseEverywhere: true);
        var queries = _folder.Combine("queries.jsonl");
        File.WriteAllLines(queries, [$$"""{"id":"q1",{{Query[1..]}}""", """{"id":"q2","indices":[5],"values":[1.0],"dense":[0.0,1.0,0.0]}"""]);

        var single = SpladeProcess.Run(["search", "--index", index, "--vector-json", Query, "-k", "3", "--filter", English, .. mode]);
        var batch = SpladeProcess.Run(["search", "--index", index, "--queries", queries, "-k", "3", "--filter", English, "--threads", "2", .. mode]);

        Assert.True(single.ExitCode == 0, single.StandardError);
        Assert.True(batch.ExitCode == 0, batch.StandardError);
        var response = JsonNode.Parse(single.StandardOutput)!;
        var lines = batch.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!).ToArray();
        Assert.Equal(["q1", "q2"], lines.Select(line => (string)line["query_id"]!));
        Assert.Null(response["query_id"]);
        Assert.Equal(mode[1], (string)response["mode"]!);
        Assert.All(lines, line => Assert.Equal(mode[1], (string)line["mode"]!));
        Assert.NotNull(JsonNode.Parse(batch.StandardError.Trim())!["p99_ms"]);

        // The same query alone and in a batch gets the same hits, all in English, at most k, each with its metadata and text.
        Assert.Equal(Ids(response), Ids(lines[0]));
        foreach (var hits in new[] { response, lines[0], lines[1] }.Select(r => r["results"]!.AsArray()))
        {
            Assert.InRange(hits.Count, 1, 3);
            Assert.All(hits, hit => Assert.Equal("en", (string)hit!["metadata"]!["lang"]!));
            Assert.All(hits, hit => Assert.Equal($"text of {(string)hit!["id"]!}", (string)hit["text"]!));
            var scores = hits.Select(hit => (double)hit!["score"]!).ToArray();
            Assert.Equal(scores.OrderDescending(), scores);
        }

        // Six English documents match the first query on each side: every mode fills k.
        Assert.Equal(3, response["results"]!.AsArray().Count);
        var fused = mode[1] is "hybrid" or "two-stage";
        Assert.All(response["results"]!.AsArray(), hit => Assert.Equal(fused, hit!["sparse_score"] is not null));
    }

    [Fact]
    public void Without_a_filter_the_excluded_documents_come_back_so_the_filter_test_can_fail()
    {
        var index = BuildIndex(withDenseEverywhere: true);

        var result = SpladeProcess.Run("search", "--index", index, "--vector-json", Query, "-k", "20", "--mode", "hybrid");

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Contains(JsonNode.Parse(result.StandardOutput)!["results"]!.AsArray(), hit => (string)hit!["metadata"]!["lang"]! == "fr");
    }

    [Fact]
    public void The_earlier_hybrid_spelling_still_searches_hybrid_in_batch_mode_and_honours_the_filter()
    {
        var index = BuildIndex(withDenseEverywhere: true);
        var queries = _folder.Combine("queries.jsonl");
        File.WriteAllLines(queries, [$$"""{"id":"q1",{{Query[1..]}}"""]);

        var result = SpladeProcess.Run("search", "--index", index, "--queries", queries, "--hybrid", "rrf", "--filter", English, "--k", "5");

        Assert.True(result.ExitCode == 0, result.StandardError);
        var line = JsonNode.Parse(result.StandardOutput.Trim())!;
        Assert.Equal("hybrid", (string)line["mode"]!);
        Assert.Equal("rrf", (string)line["fusion"]!);
        Assert.All(line["results"]!.AsArray(), hit => Assert.Equal("en", (string)hit!["metadata"]!["lang"]!));
    }

    [Theory]
    [InlineData("--alpha", "--alpha", "0.3")]
    [InlineData("--fusion", "--mode", "dense", "--fusion", "rrf")]
    [InlineData("--alpha", "--mode", "hybrid", "--alpha", "0.3")]
    [InlineData("--rrf-k", "--mode", "hybrid", "--fusion", "convex", "--rrf-k", "10")]
    [InlineData("--normalization", "--mode", "hybrid", "--fusion", "alpha", "--normalization", "z-score")]
    [InlineData("--alpha", "--mode", "two-stage", "--alpha", "0.5")]
    [InlineData("--explain", "--mode", "dense", "--explain")]
    [InlineData("--algorithm", "--mode", "dense", "--algorithm", "max-score")]
    [InlineData("--dense-model", "--mode", "hybrid", "--dense-model", "minilm")]
    [InlineData("--dense-model", "--dense-model", "minilm")]
    [InlineData("--model", "-m", "some-model")]
    [InlineData("--query-mode", "--query-mode", "bag")]
    [InlineData("--threads", "--threads", "2")]
    [InlineData("--candidates", "--mode", "hybrid", "--candidates", "5", "-k", "10")]
    [InlineData("--exact", "--exact", "--algorithm", "approximate")]
    [InlineData("--fusion", "--mode", "hybrid", "--fusion", "bogus")]
    [InlineData("-k/--top-k", "-k", "0")]
    [InlineData("--filter", "--filter", "{\"field\":")]
    public void An_option_the_query_or_mode_cannot_use_is_a_usage_error_naming_it(string named, params string[] options)
    {
        var result = SpladeProcess.Run(["search", "--index", _folder.Combine("no-index-needed"), "--vector-json", Query, .. options]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(named, result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sparse")]
    [InlineData("dense")]
    [InlineData("hybrid")]
    [InlineData("two-stage")]
    public void A_mixed_index_is_searched_in_every_mode_and_documents_without_a_dense_vector_have_no_dense_score(string mode)
    {
        var index = BuildIndex(withDenseEverywhere: false);

        string[] fusion = mode == "two-stage" ? ["--fusion", "rrf"] : [];
        var result = SpladeProcess.Run(["search", "--index", index, "--vector-json", Query, "-k", "20", "--mode", mode, .. fusion]);

        Assert.True(result.ExitCode == 0, result.StandardError);
        var hits = JsonNode.Parse(result.StandardOutput)!["results"]!.AsArray();
        Assert.NotEmpty(hits);
        if (mode is "hybrid" or "two-stage")
        {
            // Odd documents were added without a dense vector (by `index add`, into an index whose documents have them).
            Assert.Contains(hits, hit => int.Parse(((string)hit!["id"]!)[1..], System.Globalization.CultureInfo.InvariantCulture) % 2 == 1);
            Assert.All(hits, hit => Assert.Equal(
                int.Parse(((string)hit!["id"]!)[1..], System.Globalization.CultureInfo.InvariantCulture) % 2 == 0, hit["dense_score"] is not null));
        }

        if (mode == "dense")
        {
            Assert.All(hits, hit => Assert.Equal(0, int.Parse(((string)hit!["id"]!)[1..], System.Globalization.CultureInfo.InvariantCulture) % 2));
        }
    }

    [Fact]
    public void A_query_without_the_side_its_mode_needs_is_named()
    {
        var index = BuildIndex(withDenseEverywhere: true);
        var queries = _folder.Combine("sparse-only.jsonl");
        File.WriteAllLines(queries, ["""{"id":"q1","indices":[1],"values":[1.0]}"""]);

        var single = SpladeProcess.Run("search", "--index", index, "--vector-json", """{"indices":[1],"values":[1.0]}""", "--mode", "hybrid");
        var batch = SpladeProcess.Run("search", "--index", index, "--queries", queries, "--mode", "dense");

        Assert.Equal(1, single.ExitCode);
        Assert.Contains("needs a dense query", single.StandardError, StringComparison.Ordinal);
        Assert.Equal(2, batch.ExitCode);
        Assert.Contains("sparse-only.jsonl:1: --mode dense needs a dense query", batch.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_vector_is_named_without_dotnet_decorations_and_the_stack_trace_comes_only_with_verbose()
    {
        var bad = """{"indices":[3,2],"values":[1.0,1.0]}""";

        var plain = SpladeProcess.Run("search", "--index", _folder.Path, "--vector-json", bad);
        var missing = SpladeProcess.Run("search", "--index", _folder.Combine("missing"), "--vector-json", Query);
        var verbose = SpladeProcess.Run("search", "--index", _folder.Combine("missing"), "--vector-json", Query, "--verbose");

        Assert.Equal(1, plain.ExitCode);
        Assert.Contains("--vector-json: invalid vector: indices[1] = 2 is smaller than indices[0] = 3", plain.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", plain.StandardError, StringComparison.Ordinal);
        Assert.Equal(2, missing.ExitCode);
        Assert.Single(missing.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(2, verbose.ExitCode);
        Assert.Contains("   at Splade.", verbose.StandardError, StringComparison.Ordinal);
    }

    private static IEnumerable<string> Ids(JsonNode response) => response["results"]!.AsArray().Select(hit => (string)hit!["id"]!);

    /// <summary>Twelve documents, even ones in English; with <paramref name="withDenseEverywhere"/> false the odd ones are added
    /// afterwards, without a dense vector, by <c>splade index add</c>.</summary>
    private string BuildIndex(bool withDenseEverywhere)
    {
        var lines = new List<string>();
        var later = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            var language = i % 2 == 0 ? "en" : "fr";
            var term = 1 + (i % 4);
            var dense = withDenseEverywhere || i % 2 == 0 ? $$""","dense":[{{1.0 - (i / 12.0):F3}},{{i / 12.0:F3}},0.5]""" : string.Empty;
            var vector = $$"""{"id":"d{{i}}","indices":[{{term}},{{term + 4}}],"values":[{{1 + i}},1.0],""";
            var line = $$"""{{vector}}"metadata":{"lang":"{{language}}"},"text":"text of d{{i}}"{{dense}}}""";
            (withDenseEverywhere || i % 2 == 0 ? lines : later).Add(line);
        }

        var input = _folder.Combine($"docs-{withDenseEverywhere}.jsonl");
        File.WriteAllLines(input, lines);
        var index = _folder.Combine($"index-{withDenseEverywhere}");
        var build = SpladeProcess.Run("index", "build", "-i", input, "-o", index);
        Assert.True(build.ExitCode == 0, build.StandardError);
        if (later.Count > 0)
        {
            var more = _folder.Combine("more.jsonl");
            File.WriteAllLines(more, later);
            var add = SpladeProcess.Run("index", "add", index, "-i", more);
            Assert.True(add.ExitCode == 0, add.StandardError);
        }

        return index;
    }
}
