using System.Text.Json.Nodes;

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
        var folder = Directory.CreateTempSubdirectory("encode-dense-").FullName;
        try
        {
            var input = Path.Combine(folder, "in.jsonl");
            var output = Path.Combine(folder, "out.jsonl");
            await File.WriteAllTextAsync(input, "{\"id\":\"a\",\"text\":\"first\"}\n{\"id\":\"b\",\"text\":\"second\"}\n");

            var (code, _, error) = await SpladeProcess.RunAsync("encode-dense", "--input", input, "--output", output);

            Assert.True(code == 0, error);
            var lines = (await File.ReadAllLinesAsync(output)).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
            Assert.Equal(["a", "b"], lines.Select(l => (string)l["id"]!));
            Assert.All(lines, l => Assert.Equal(384, l["dense"]!.AsArray().Count));

            var bad = Path.Combine(folder, "bad.jsonl");
            var badOutput = Path.Combine(folder, "bad-out.jsonl");
            await File.WriteAllTextAsync(bad, "{\"text\":\"fine\"}\n{\"title\":\"no text\"}\n");
            (code, _, error) = await SpladeProcess.RunAsync("encode-dense", "--input", bad, "--output", badOutput);

            Assert.Equal(2, code);
            Assert.Contains("line 2", error, StringComparison.Ordinal);
            Assert.False(File.Exists(badOutput));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Text_and_input_together_are_a_usage_error()
    {
        var (code, _, _) = await SpladeProcess.RunAsync("encode-dense", "--text", "a", "--input", "-");

        Assert.Equal(1, code);
    }
}
