using System.Text.Json.Nodes;
using Splade.Tests.Shared;

namespace Splade.Cli.Tests.Commands;

/// <summary>Commands that need a SPLADE model use the shipped splade-minilm-l6 when no --model is named.</summary>
public sealed class ShippedModelCommandTests : IDisposable
{
    private static readonly (string Id, string Text)[] Documents =
    [
        ("ape", "The orangutan is a great ape native to the rainforests of Indonesia and Malaysia."),
        ("magnesium", "Magnesium supplements lowered blood pressure in adults with hypertension."),
        ("sparse", "Sparse retrieval models expand documents with related vocabulary terms."),
    ];

    private readonly TempFolder _folder = new("splade-shipped-cli-");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Encode_index_and_text_search_work_end_to_end_without_naming_a_model()
    {
        var input = _folder.Combine("docs.jsonl");
        File.WriteAllLines(input, Documents.Select(d => new JsonObject { ["id"] = d.Id, ["text"] = d.Text }.ToJsonString()));
        var vectors = _folder.Combine("vectors.jsonl");
        var encoded = SpladeProcess.Run("encode", "--input", input, "--output", vectors);
        Assert.True(encoded.ExitCode == 0, encoded.StandardError);

        var index = _folder.Combine("index");
        var built = SpladeProcess.Run("index", "build", "--input", vectors, "--out", index);
        Assert.True(built.ExitCode == 0, built.StandardError);

        var searched = SpladeProcess.Run("search", "--index", index, "--text", "effect of magnesium on blood pressure", "--k", "3");
        Assert.True(searched.ExitCode == 0, searched.StandardError);
        var hits = JsonNode.Parse(searched.StandardOutput)!["results"]!.AsArray();
        Assert.Equal("magnesium", (string)hits[0]!["id"]!);
    }

    [Fact]
    public void Eval_of_splade_reports_the_shipped_model_and_its_vector_sizes()
    {
        var collection = _folder.Combine("tiny");
        Directory.CreateDirectory(Path.Combine(collection, "qrels"));
        File.WriteAllLines(
            Path.Combine(collection, "corpus.jsonl"), Documents.Select(d => new JsonObject { ["_id"] = d.Id, ["text"] = d.Text }.ToJsonString()));
        File.WriteAllLines(Path.Combine(collection, "queries.jsonl"),
        [
            new JsonObject { ["_id"] = "q1", ["text"] = "does magnesium lower blood pressure" }.ToJsonString(),
            new JsonObject { ["_id"] = "q2", ["text"] = "great apes of the rainforest" }.ToJsonString(),
        ]);
        File.WriteAllText(Path.Combine(collection, "qrels", "test.tsv"), "query-id\tcorpus-id\tscore\nq1\tmagnesium\t1\nq2\tape\t1\n");

        var result = SpladeProcess.Run("eval", "--dataset", collection, "--method", "splade");

        Assert.True(result.ExitCode == 0, result.StandardError);
        var report = JsonNode.Parse(result.StandardOutput)!.AsObject();
        Assert.Equal("splade/splade-minilm-l6", (string)report["method"]!);
        Assert.Equal(1.0, (double)report["mrr@10"]!);
        Assert.InRange((double)report["document_terms_mean"]!, 5, 250);
        Assert.InRange((double)report["query_terms_mean"]!, 3, 60);
    }

    [Fact]
    public void An_unwritable_model_cache_is_a_clear_error_naming_the_variable()
    {
        var notAFolder = _folder.Combine("cache-is-a-file");
        File.WriteAllText(notAFolder, "x");
        var result = SpladeProcess.Run(new Dictionary<string, string> { ["SPLADE_MODEL_CACHE"] = notAFolder }, "explain", "magnesium");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("SPLADE_MODEL_CACHE", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("splade-minilm-l6", result.StandardError, StringComparison.Ordinal);
    }
}
