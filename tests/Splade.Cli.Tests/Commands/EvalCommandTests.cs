using System.Diagnostics;
using System.Text.Json.Nodes;
using Splade.Tests.Shared;

namespace Splade.Cli.Tests.Commands;

public sealed class EvalCommandTests
{
    private static readonly string Medline = TestPaths.Fixture("datasets", "medline");

    [Fact]
    public void Evaluates_bm25_on_medline_and_writes_the_metrics_and_run()
    {
        using var directory = new TempFolder("splade-eval-cli-");
        var outPath = directory.Combine("results.json");
        var runPath = directory.Combine("run.trec");
        var (code, stdout, stderr) = Run("eval", "--dataset", Medline, "--method", "bm25", "-k", "100", "-o", outPath, "--run", runPath);

        Assert.True(code == 0, stderr);
        Assert.Empty(stdout);
        var printed = JsonNode.Parse(File.ReadAllText(outPath))!.AsObject();
        Assert.Equal("english", (string)printed["analyzer"]!);
        foreach (var field in (string[])["ndcg@10", "mrr@10", "recall@100", "map", "queries", "index_seconds", "search_ms_p50"])
        {
            Assert.True(printed.ContainsKey(field), $"missing {field}");
        }

        Assert.Equal(30, (int)printed["queries"]!);
        Assert.InRange((double)printed["ndcg@10"]!, 0.3, 1.0);
        var lines = File.ReadAllLines(runPath);
        // Queries matching fewer than 100 documents list fewer lines.
        Assert.InRange(lines.Length, 30, 30 * 100);
        Assert.Equal(30, lines.Select(l => l.Split(' ')[0]).Distinct().Count());
        Assert.Matches(@"^\S+ Q0 \S+ 1 [0-9.E+-]+ bm25-english$", lines[0]);
    }

    [Fact]
    public void An_unknown_method_in_the_all_list_is_a_usage_error_naming_it()
    {
        var (code, _, stderr) = Run("eval", "--all", "--datasets", TestPaths.Fixture("datasets"), "--methods", "bm25,splaid");
        Assert.Equal(1, code);
        Assert.Contains("unknown method 'splaid'", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--method", "bm25", "--dense-model", "minilm")]
    [InlineData("--method", "dense", "--model", "some-folder")]
    [InlineData("--method", "dense", "--dense-model", "minilm,arctic-xs")]
    [InlineData("--method", "dense", "--dense-model", "no-such-model")]
    public void A_dense_model_option_the_method_cannot_use_is_a_usage_error(params string[] options)
    {
        var (code, _, stderr) = Run(["eval", "--dataset", Medline, .. options]);

        Assert.Equal(1, code);
        Assert.Contains(options[2], stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_collection_exits_with_the_input_code_naming_file_and_line()
    {
        using var directory = new TempFolder("splade-eval-cli-bad-");
        Directory.CreateDirectory(directory.Combine("qrels"));
        File.WriteAllText(directory.Combine("corpus.jsonl"), "{\"_id\": \"d1\", \"text\": \"a\"}\n{\"_id\": \"d2\", \"text\": \n");
        File.WriteAllText(directory.Combine("queries.jsonl"), "{\"_id\": \"q1\", \"text\": \"a\"}\n");
        File.WriteAllText(directory.Combine("qrels", "test.tsv"), "query-id\tcorpus-id\tscore\nq1\td1\t1\n");
        var (code, _, stderr) = Run("eval", "--dataset", directory.Path);
        Assert.Equal(2, code);
        Assert.Contains("corpus.jsonl:2: not valid JSON", stderr, StringComparison.Ordinal);
    }

    private static (int Code, string Stdout, string Stderr) Run(params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "splade.dll"));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
