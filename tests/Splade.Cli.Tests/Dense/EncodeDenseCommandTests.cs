using System.Text.Json.Nodes;
using Splade.Tests.Shared;

namespace Splade.Cli.Tests.Dense;

public sealed class EncodeDenseCommandTests
{
    [Fact]
    public async Task A_text_becomes_one_json_line_with_a_384_value_dense_array()
    {
        var (code, output, error) = await SpladeProcess.RunAsync("encode-dense", "--text", "hello world");

        Assert.True(code == 0, error);
        var line = JsonNode.Parse(output.Trim())!.AsObject();
        Assert.Equal("hello world", (string)line["text"]!);
        Assert.Equal(384, line["dense"]!.AsArray().Count);
    }

    [Fact]
    public async Task Jsonl_input_keeps_other_fields_and_a_bad_line_writes_nothing()
    {
        using var folder = new TempFolder("splade-encode-dense-");
        var input = folder.Combine("in.jsonl");
        var output = folder.Combine("out.jsonl");
        await File.WriteAllTextAsync(input, "{\"id\":\"a\",\"text\":\"first\"}\n{\"id\":\"b\",\"text\":\"second\"}\n");

        var (code, _, error) = await SpladeProcess.RunAsync("encode-dense", "--input", input, "--output", output);

        Assert.True(code == 0, error);
        var lines = (await File.ReadAllLinesAsync(output)).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        Assert.Equal(["a", "b"], lines.Select(l => (string)l["id"]!));
        Assert.All(lines, l => Assert.Equal(384, l["dense"]!.AsArray().Count));

        var bad = folder.Combine("bad.jsonl");
        var badOutput = folder.Combine("bad-out.jsonl");
        await File.WriteAllTextAsync(bad, "{\"text\":\"fine\"}\n{\"title\":\"no text\"}\n");
        (code, _, error) = await SpladeProcess.RunAsync("encode-dense", "--input", bad, "--output", badOutput);

        Assert.Equal(2, code);
        Assert.Contains("bad.jsonl:2: missing field \"text\"", error, StringComparison.Ordinal);
        Assert.False(File.Exists(badOutput));
    }

    [Fact]
    public async Task Each_embedded_model_is_selected_by_name_and_queries_take_the_query_prefix()
    {
        var arcticDocument = await DenseOf("encode-dense", "--dense-model", "arctic-xs", "--text", "glacier formation");
        var arcticQuery = await DenseOf("encode-dense", "--dense-model", "snowflake-arctic-embed-xs", "--query", "--text", "glacier formation");
        var miniLmDocument = await DenseOf("encode-dense", "-m", "minilm", "--text", "glacier formation");
        var miniLmQuery = await DenseOf("encode-dense", "--model", "all-MiniLM-L6-v2", "--query", "--text", "glacier formation");
        var byDefault = await DenseOf("encode-dense", "--text", "glacier formation");

        Assert.Equal(384, arcticDocument.Length);
        Assert.True(Dot(arcticDocument, arcticQuery) < 0.99, "arctic-xs queries carry a prefix, so they differ from documents");
        Assert.True(Dot(miniLmDocument, miniLmQuery) > 0.9999, "MiniLM has no prefix: a query is embedded as a document");
        Assert.True(Dot(arcticDocument, miniLmDocument) < 0.9, "the two models give different vectors");
        var defaultDocument = Splade.Models.Dense.DenseModels.DefaultName == "arctic-xs" ? arcticDocument : miniLmDocument;
        Assert.True(Dot(byDefault, defaultDocument) > 0.9999, "the default model embeds when none is named");
    }

    [Fact]
    public async Task An_unknown_dense_model_is_a_usage_error_listing_the_models()
    {
        var (code, _, error) = await SpladeProcess.RunAsync("encode-dense", "--dense-model", "no-such-model", "--text", "a");

        Assert.Equal(1, code);
        Assert.Contains("no-such-model", error, StringComparison.Ordinal);
        Assert.Contains("arctic-xs", error, StringComparison.Ordinal);
        Assert.Contains("minilm", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_and_input_together_are_a_usage_error()
    {
        var (code, _, _) = await SpladeProcess.RunAsync("encode-dense", "--text", "a", "--input", "-");

        Assert.Equal(1, code);
    }

    private static async Task<double[]> DenseOf(params string[] arguments)
    {
        var (code, output, error) = await SpladeProcess.RunAsync(arguments);
        Assert.True(code == 0, error);
        return [.. JsonNode.Parse(output.Trim())!["dense"]!.AsArray().Select(v => (double)v!)];
    }

    private static double Dot(double[] a, double[] b) => a.Zip(b, (x, y) => x * y).Sum();
}
