using System.Text.Json;
using System.Text.Json.Nodes;
using Splade.Tests.Shared;

namespace Splade.Cli.Tests.Commands;

/// <summary><c>splade search</c> with text queries: SPLADE-encoded single and batch queries, and hybrid sparse-dense search.</summary>
public sealed class HybridSearchCommandTests : IDisposable
{
    private static readonly string Model = TestPaths.Fixture("tiny-splade-random");
    private static readonly string[] Texts =
    [
        "Orangutans are native to the rainforests of Indonesia and Malaysia",
        "Photosynthesis is the process of storing light energy as chemical energy in cells",
        "Programmed cell death is the regulated death of cells within an organism",
        "The crystalline lens of the eye focuses light onto the retina",
    ];

    private readonly TempFolder _folder = new("splade-hybrid-");

    public void Dispose() => _folder.Dispose();

    private string BuildIndexWithDenseVectors(params string[] denseModel)
    {
        var documents = _folder.Combine("docs.jsonl");
        File.WriteAllLines(documents, Texts.Select((text, i) => JsonSerializer.Serialize(new { id = $"d{i}", text })));
        var sparse = _folder.Combine("sparse.jsonl");
        var dense = _folder.Combine("dense.jsonl");
        Assert.Equal(0, SpladeProcess.Run("encode", "--model", Model, "--input", documents, "--output", sparse).ExitCode);
        Assert.Equal(0, SpladeProcess.Run(["encode-dense", "--input", documents, "--output", dense, .. denseModel]).ExitCode);

        var merged = File.ReadAllLines(sparse).Zip(File.ReadAllLines(dense), (sparseLine, denseLine) =>
        {
            var document = JsonNode.Parse(sparseLine)!.AsObject();
            document["dense"] = JsonNode.Parse(denseLine)!["dense"]!.DeepClone();
            return document.ToJsonString();
        });
        var input = _folder.Combine("merged.jsonl");
        File.WriteAllLines(input, merged);
        var index = _folder.Combine("index");
        var build = SpladeProcess.Run("index", "build", "--input", input, "--out", index);
        Assert.True(build.ExitCode == 0, build.StandardError);
        return index;
    }

    [Fact]
    public void Hybrid_search_fuses_both_sides_and_explains_each_hit()
    {
        var index = BuildIndexWithDenseVectors();
        var result = SpladeProcess.Run(
            "search", "--index", index, "-m", Model, "--text", "where do orangutans live", "--mode", "hybrid", "--fusion", "rrf", "-k", "3", "--explain");
        Assert.True(result.ExitCode == 0, result.StandardError);

        var hits = JsonNode.Parse(result.StandardOutput)!["results"]!.AsArray();
        Assert.Equal(3, hits.Count);
        foreach (var hit in hits)
        {
            var contributions = hit!["matched_terms"]!.AsArray().Sum(term => term!["contribution"]!.GetValue<double>());
            Assert.Equal(hit["sparse_score"]!.GetValue<double>(), contributions, 3);
            Assert.InRange(hit["dense_score"]!.GetValue<double>(), -1.0001, 1.0001);
            Assert.All(hit["matched_terms"]!.AsArray(), term => Assert.False(string.IsNullOrEmpty((string?)term!["term"])));
        }

        var scores = hits.Select(hit => hit!["score"]!.GetValue<double>()).ToArray();
        Assert.Equal(scores.OrderDescending(), scores);
    }

    [Fact]
    public void Text_queries_in_batch_mode_are_encoded_with_the_model()
    {
        var index = BuildIndexWithDenseVectors();
        var queries = _folder.Combine("queries.jsonl");
        File.WriteAllLines(
            queries,
            [
                JsonSerializer.Serialize(new { id = "q1", text = "orangutans rainforest" }),
                JsonSerializer.Serialize(new { id = "q2", text = "photosynthesis light" })]);
        var output = _folder.Combine("results.jsonl");

        var result = SpladeProcess.Run("search", "--index", index, "--model", Model, "--queries", queries, "--output", output, "--k", "2");
        Assert.True(result.ExitCode == 0, result.StandardError);
        var lines = File.ReadAllLines(output).Select(line => JsonNode.Parse(line)!).ToArray();
        Assert.Equal(["q1", "q2"], lines.Select(line => line["query_id"]!.GetValue<string>()));
        Assert.All(lines, line => Assert.Equal(2, line["results"]!.AsArray().Count));

        var single = JsonNode.Parse(
            SpladeProcess.Run("search", "--index", index, "--model", Model, "--text", "orangutans rainforest", "--k", "2").StandardOutput)!;
        Assert.Equal(
            single["results"]!.AsArray().Select(hit => hit!["id"]!.GetValue<string>()),
            lines[0]["results"]!.AsArray().Select(hit => hit!["id"]!.GetValue<string>()));
    }

    [Fact]
    public void Text_query_lines_without_a_model_are_encoded_with_the_shipped_model()
    {
        var index = BuildIndexWithDenseVectors();
        var queries = _folder.Combine("queries.jsonl");
        File.WriteAllLines(queries, [JsonSerializer.Serialize(new { id = "q1", text = "orangutans" })]);
        var output = _folder.Combine("r.jsonl");

        var result = SpladeProcess.Run("search", "--index", index, "--queries", queries, "--output", output);
        Assert.True(result.ExitCode == 0, result.StandardError);
        var line = Assert.Single(File.ReadAllLines(output));
        Assert.Equal("q1", JsonDocument.Parse(line).RootElement.GetProperty("query_id").GetString());
    }

    [Fact]
    public void Hybrid_search_embeds_the_query_with_the_named_dense_model()
    {
        var index = BuildIndexWithDenseVectors("--dense-model", "minilm");

        var result = SpladeProcess.Run(
            "search", "--index", index, "--model", Model, "--text", "which apes live in rainforests", "--hybrid", "convex", "--alpha", "1", "--dense-model",
            "minilm", "--k", "4");

        Assert.True(result.ExitCode == 0, result.StandardError);
        var hits = JsonNode.Parse(result.StandardOutput)!["results"]!.AsArray();
        Assert.Equal("d0", (string)hits[0]!["id"]!);
        Assert.True(hits[0]!["dense_score"]!.GetValue<double>() > hits[1]!["dense_score"]!.GetValue<double>());
    }

    [Fact]
    public void A_dense_model_without_hybrid_search_is_a_usage_error()
    {
        var input = _folder.Combine("sparse-only.jsonl");
        File.WriteAllLines(input, ["""{"id":"a","indices":[2054],"values":[1.0]}"""]);
        var index = _folder.Combine("sparse-index");
        Assert.Equal(0, SpladeProcess.Run("index", "build", "--input", input, "--out", index).ExitCode);

        var result = SpladeProcess.Run("search", "--index", index, "--model", Model, "--text", "what", "--dense-model", "minilm");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--dense-model", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("--mode", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Hybrid_search_on_an_index_without_dense_vectors_says_what_is_missing()
    {
        var input = _folder.Combine("sparse-only.jsonl");
        File.WriteAllLines(input, ["""{"id":"a","indices":[2054],"values":[1.0]}"""]);
        var index = _folder.Combine("sparse-index");
        Assert.Equal(0, SpladeProcess.Run("index", "build", "--input", input, "--out", index).ExitCode);

        var result = SpladeProcess.Run("search", "--index", index, "--model", Model, "--text", "what", "--hybrid", "alpha");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("dense vectors", result.StandardError, StringComparison.Ordinal);
    }
}
