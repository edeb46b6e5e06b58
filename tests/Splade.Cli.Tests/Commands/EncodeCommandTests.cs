using System.Text.Json;
using Splade.Core;
using Splade.Tests.Shared;

namespace Splade.Cli.Tests.Commands;

public sealed class EncodeCommandTests : IDisposable
{
    private readonly TempFolder _folder = new("splade-cli-");
    private static readonly string Model = TestPaths.Fixture("tiny-splade-random");

    public void Dispose() => _folder.Dispose();

    private static (string[] Texts, SparseVector[] Max, SparseVector[] Sum) Reference()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Model, "reference.json")));
        var items = document.RootElement.GetProperty("items").EnumerateArray().ToArray();
        SparseVector Read(JsonElement item, string pooling) => SparseVector.FromJson(item.GetProperty(pooling).GetRawText());
        return (
            items.Select(item => item.GetProperty("text").GetString()!).ToArray(),
            items.Select(item => Read(item, "max")).ToArray(),
            items.Select(item => Read(item, "sum")).ToArray());
    }

    private static void AssertClose(SparseVector expected, SparseVector actual, string context)
    {
        Assert.True(expected.Indices.SequenceEqual(actual.Indices), $"{context}: index sets differ ({expected.Count} vs {actual.Count} terms)");
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.True(
                Math.Abs(expected.Values[i] - actual.Values[i]) <= 1e-5f, $"{context}: term {expected.Indices[i]} {actual.Values[i]} vs {expected.Values[i]}");
        }
    }

    [Theory]
    [InlineData("max")]
    [InlineData("sum")]
    public void Encoding_a_file_writes_the_reference_vectors(string pooling)
    {
        var (texts, max, sum) = Reference();
        var firstThree = texts[..3];
        var input = _folder.Combine("in.jsonl");
        File.WriteAllLines(input, firstThree.Select((text, i) => JsonSerializer.Serialize(new { id = $"doc{i}", text })));
        var output = _folder.Combine("out.jsonl");

        var result = SpladeProcess.Run("encode", "--model", Model, "--pooling", pooling, "--input", input, "--output", output, "--batch-size", "2");

        Assert.True(result.ExitCode == 0, result.StandardError);
        var lines = File.ReadAllLines(output);
        Assert.Equal(3, lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            using var line = JsonDocument.Parse(lines[i]);
            Assert.Equal($"doc{i}", line.RootElement.GetProperty("id").GetString());
            AssertClose(pooling == "max" ? max[i] : sum[i], SparseVector.FromJson(lines[i]), $"line {i + 1}");
        }
    }

    [Fact]
    public void Encoding_one_text_prints_its_vector()
    {
        var (texts, max, _) = Reference();
        var result = SpladeProcess.Run("encode", "--model", Model, "--text", texts[3]);
        Assert.Equal(0, result.ExitCode);
        AssertClose(max[3], SparseVector.FromJson(result.StandardOutput.Trim()), "--text");
    }

    [Fact]
    public void A_malformed_line_is_named_and_leaves_no_output_file()
    {
        var input = _folder.Combine("bad.jsonl");
        File.WriteAllLines(input, ["""{"id": "1", "text": "fine"}""", "", """{"id": "2", "text": 42}"""]);
        var output = _folder.Combine("out.jsonl");

        var result = SpladeProcess.Run("encode", "--model", Model, "--input", input, "--output", output);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("bad.jsonl:3: field \"text\" must be a string, found a number", result.StandardError);
        Assert.Empty(Directory.GetFiles(_folder.Path, "*out.jsonl*"));
    }

    [Fact]
    public void A_missing_model_folder_exits_with_input_error()
    {
        var result = SpladeProcess.Run("encode", "--model", _folder.Combine("missing"), "--text", "x");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("missing", result.StandardError);
    }

    [Fact]
    public void Text_and_input_together_are_a_usage_error()
    {
        var result = SpladeProcess.Run("encode", "--model", Model, "--text", "x", "--input", "y.jsonl");
        Assert.Equal(1, result.ExitCode);
    }
}
