using System.Text.Json.Nodes;
using Splade.Tests.Shared;

namespace Splade.Cli.Tests.Commands;

/// <summary>One grammar across commands: <c>-</c> for standard input and output, <c>--json</c> where a table is printed, records carried
/// through <c>encode</c>, query modes wherever a query is encoded, earlier spellings still accepted but hidden from help.</summary>
public sealed class CliGrammarTests : IDisposable
{
    private static readonly string Model = TestPaths.Fixture("tiny-splade-random");

    private readonly TempFolder _folder = new("splade-cli-grammar-");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Output_dash_is_standard_output_and_leaves_no_file_named_dash()
    {
        var options = new SpladeProcess.ProcessOptions { WorkingDirectory = _folder.Path };

        var encoded = SpladeProcess.RunWith(options, "encode", "-m", Model, "--text", "hello world", "-o", "-");

        Assert.True(encoded.ExitCode == 0, encoded.StandardError);
        Assert.Equal("0", (string)JsonNode.Parse(encoded.StandardOutput)!["id"]!);
        Assert.False(File.Exists(_folder.Combine("-")));
        Assert.Empty(Directory.GetFileSystemEntries(_folder.Path));
    }

    [Fact]
    public void Index_build_and_add_read_standard_input()
    {
        var index = _folder.Combine("index");
        var documents = """
            {"id":"a","indices":[1,2],"values":[1.0,2.0],"text":"alpha"}
            {"id":"b","indices":[2,3],"values":[3.0,1.0]}
            """;

        var build = SpladeProcess.RunWith(new SpladeProcess.ProcessOptions { StandardInput = documents }, "index", "build", "-i", "-", "-o", index);
        var add = SpladeProcess.RunWith(
            new SpladeProcess.ProcessOptions { StandardInput = """{"id":"c","indices":[5],"values":[1.0]}""" }, "index", "add", index, "-i", "-");
        var bad = SpladeProcess.RunWith(new SpladeProcess.ProcessOptions { StandardInput = "{\"id\":\"d\"}\n" }, "index", "add", index, "-i", "-");

        Assert.True(build.ExitCode == 0, build.StandardError);
        Assert.Equal(2, (int)JsonNode.Parse(build.StandardOutput)!["documents"]!);
        Assert.True(add.ExitCode == 0, add.StandardError);
        Assert.Equal(3, (int)JsonNode.Parse(add.StandardOutput)!["documents"]!);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("standard input:1: missing field \"indices\"", bad.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_carries_each_record_through_so_its_output_indexes_with_metadata_and_text()
    {
        var input = _folder.Combine("docs.jsonl");
        File.WriteAllLines(input,
        [
            """{"id":"d1","text":"hello world","metadata":{"year":2004},"source":"web"}""",
            """{"id":7,"text":"orangutans of borneo","metadata":{"year":1990}}""",
        ]);
        var vectors = _folder.Combine("vectors.jsonl");

        var encoded = SpladeProcess.Run("encode", "-m", Model, "-i", input, "-o", vectors);
        Assert.True(encoded.ExitCode == 0, encoded.StandardError);
        var lines = File.ReadAllLines(vectors).Select(line => JsonNode.Parse(line)!).ToArray();
        Assert.Equal(["d1", "7"], lines.Select(line => (string)line["id"]!));
        Assert.Equal(2004, (int)lines[0]["metadata"]!["year"]!);
        Assert.Equal("web", (string)lines[0]["source"]!);
        Assert.Equal("orangutans of borneo", (string)lines[1]["text"]!);
        Assert.All(lines, line => Assert.NotEmpty(line["indices"]!.AsArray()));

        var index = _folder.Combine("index");
        Assert.Equal(0, SpladeProcess.Run("index", "build", "-i", vectors, "-o", index).ExitCode);
        var search = SpladeProcess.Run(
            "search", "--index", index, "-m", Model, "--text", "hello world", "--filter", """{"field":"year","range":{"gte":2000}}""");
        Assert.True(search.ExitCode == 0, search.StandardError);
        var hit = Assert.Single(JsonNode.Parse(search.StandardOutput)!["results"]!.AsArray());
        Assert.Equal("hello world", (string)hit!["text"]!);
        Assert.Equal(2004, (int)hit["metadata"]!["year"]!);
    }

    [Fact]
    public void Explain_and_similarity_print_json_with_json()
    {
        var explain = SpladeProcess.Run("explain", "-m", Model, "hello world", "-k", "4", "--json");
        var similarity = SpladeProcess.Run("similarity", "-m", Model, "hello world", "orangutans", "hello", "--json");

        Assert.True(explain.ExitCode == 0, explain.StandardError);
        var terms = JsonNode.Parse(explain.StandardOutput)!;
        Assert.Equal(4, terms["terms"]!.AsArray().Count);
        Assert.True((int)terms["non_zero_terms"]! >= 4);
        Assert.Equal([1, 2, 3, 4], terms["terms"]!.AsArray().Select(term => (int)term!["rank"]!));
        Assert.True(similarity.ExitCode == 0, similarity.StandardError);
        var matrix = JsonNode.Parse(similarity.StandardOutput)!;
        Assert.Equal("cosine", (string)matrix["metric"]!);
        Assert.Equal(3, matrix["matrix"]!.AsArray().Count);
        Assert.All(Enumerable.Range(0, 3), i => Assert.Equal(1.0, (double)matrix["matrix"]![i]![i]!, 4));
    }

    [Fact]
    public void Query_modes_are_selectable_wherever_a_query_is_encoded()
    {
        var idf = _folder.Combine("idf.json");
        File.WriteAllText(idf, """{"hello": 2.5, "world": 0.5}""");

        var bag = SpladeProcess.Run("encode", "-m", Model, "--text", "hello world", "--query", "--query-mode", "bag");
        var weighted = SpladeProcess.Run("encode", "-m", Model, "--text", "hello world", "--query", "--query-mode", "idf", "--idf-file", idf);
        var explained = SpladeProcess.Run("explain", "-m", Model, "hello world", "--query", "--query-mode", "bag", "--json");
        var notAQuery = SpladeProcess.Run("encode", "-m", Model, "--text", "hello world", "--query-mode", "bag");
        var idfWithoutMode = SpladeProcess.Run("encode", "-m", Model, "--text", "hello world", "--query", "--idf-file", idf);

        Assert.True(bag.ExitCode == 0, bag.StandardError);
        Assert.Equal([1.0, 1.0], JsonNode.Parse(bag.StandardOutput)!["values"]!.AsArray().Select(v => (double)v!));
        Assert.True(weighted.ExitCode == 0, weighted.StandardError);
        Assert.Equal([0.5, 2.5], JsonNode.Parse(weighted.StandardOutput)!["values"]!.AsArray().Select(v => (double)v!).Order());
        Assert.True(explained.ExitCode == 0, explained.StandardError);
        Assert.All(JsonNode.Parse(explained.StandardOutput)!["terms"]!.AsArray(), term => Assert.Equal(1.0, (double)term!["weight"]!));
        Assert.Equal(1, notAQuery.ExitCode);
        Assert.Contains("--query", notAQuery.StandardError, StringComparison.Ordinal);
        Assert.Equal(1, idfWithoutMode.ExitCode);
        Assert.Contains("--idf-file", idfWithoutMode.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Search_encodes_text_queries_with_the_query_mode()
    {
        var input = _folder.Combine("vectors.jsonl");
        File.WriteAllLines(input, ["""{"id":"hello","indices":[7592],"values":[1.0]}""", """{"id":"world","indices":[2088],"values":[1.0]}"""]);
        var index = _folder.Combine("index");
        Assert.Equal(0, SpladeProcess.Run("index", "build", "-i", input, "-o", index).ExitCode);

        var bag = SpladeProcess.Run("search", "--index", index, "-m", Model, "--text", "hello world", "--query-mode", "bag", "--explain");

        Assert.True(bag.ExitCode == 0, bag.StandardError);
        var hits = JsonNode.Parse(bag.StandardOutput)!["results"]!.AsArray();
        Assert.Equal(["hello", "world"], hits.Select(hit => (string)hit!["id"]!).Order());
        Assert.All(hits, hit => Assert.Equal(1.0, (double)hit!["score"]!));
        Assert.Equal("hello", (string)hits.Single(hit => (string)hit!["id"]! == "hello")!["matched_terms"]![0]!["term"]!);
    }

    [Fact]
    public void Earlier_spellings_still_work_but_help_shows_one_grammar()
    {
        var old = SpladeProcess.Run("explain", "-m", Model, "hello world", "--top", "2", "--json");
        var both = SpladeProcess.Run("explain", "-m", Model, "hello world", "--top", "2", "-k", "3");
        var help = SpladeProcess.Run("search", "--help");

        Assert.True(old.ExitCode == 0, old.StandardError);
        Assert.Equal(2, JsonNode.Parse(old.StandardOutput)!["terms"]!.AsArray().Count);
        Assert.Equal(1, both.ExitCode);
        Assert.Contains("-k, --top-k", help.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("-o, --output", help.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("sparse|dense|hybrid|two-stage", help.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("--k ", help.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("--hybrid", help.StandardOutput, StringComparison.Ordinal);
    }
}
