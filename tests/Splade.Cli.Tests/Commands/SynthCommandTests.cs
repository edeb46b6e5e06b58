using System.Text.Json.Nodes;
using Splade.Tests.Shared;

namespace Splade.Cli.Tests.Commands;

public sealed class SynthCommandTests : IDisposable
{
    private readonly TempFolder _folder = new("splade-synth-");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Writes_the_requested_documents_and_queries_with_and_without_topics()
    {
        foreach (var topics in new[] { "0", "5" })
        {
            var output = _folder.Combine("t" + topics);
            var result = SpladeProcess.Run("synth", "--docs", "40", "--queries", "6", "--topics", topics, "--out", output);
            Assert.True(result.ExitCode == 0, result.StandardError);
            var documents = File.ReadAllLines(Path.Combine(output, "docs.jsonl")).Select(line => JsonNode.Parse(line)!).ToList();
            Assert.Equal(Enumerable.Range(0, 40).Select(i => $"d{i}"), documents.Select(d => d["id"]!.GetValue<string>()));
            Assert.All(documents, d => Assert.InRange(d["indices"]!.AsArray().Count, 8, 378));
            Assert.Equal(6, File.ReadAllLines(Path.Combine(output, "queries.jsonl")).Length);
        }

        Assert.NotEqual(File.ReadAllText(_folder.Combine("t0", "docs.jsonl")), File.ReadAllText(_folder.Combine("t5", "docs.jsonl")));
    }

    [Fact]
    public void Negative_topics_are_a_usage_error_and_nothing_is_written()
    {
        var output = _folder.Combine("bad");
        var result = SpladeProcess.Run("synth", "--docs", "10", "--topics", "-1", "--out", output);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--topics", result.StandardError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }
}
