using System.Text.Json;
using Splade.Core;
using Splade.Tests.Shared;
using Splade.Tests.Shared.Hub;

namespace Splade.Cli.Tests.Commands;

/// <summary><c>splade model convert</c>, <c>--model</c> with a checkpoint folder or a hub id, and <c>splade model list</c>, as processes.</summary>
public sealed class ModelCommandTests : IDisposable
{
    private readonly TempFolder _folder = new("splade-cli-model-");
    private readonly string _checkpoint;

    public ModelCommandTests()
    {
        _checkpoint = _folder.Combine("checkpoint");
        Directory.CreateDirectory(_checkpoint);
        foreach (var file in new[] { "config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json", "vocab.txt" })
        {
            File.Copy(TestPaths.Fixture("tiny-splade-random", file), Path.Combine(_checkpoint, file));
        }
    }

    public void Dispose() => _folder.Dispose();

    private Dictionary<string, string> Environment(string? endpoint = null) => new()
    {
        ["SPLADE_MODEL_CACHE"] = _folder.Combine("splade-cache"),
        ["HF_HOME"] = _folder.Combine("hf-home"),
        ["HF_HUB_CACHE"] = _folder.Combine("hf-cache"),
        ["HF_TOKEN"] = "",
        ["HF_ENDPOINT"] = endpoint ?? "http://127.0.0.1:9",
        ["HF_HUB_OFFLINE"] = endpoint is null ? "1" : "",
    };

    private static SparseVector FirstReference()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(TestPaths.Fixture("tiny-splade-random", "reference.json")));
        return SparseVector.FromJson(document.RootElement.GetProperty("items")[0].GetProperty("max").GetRawText());
    }

    private static string FirstText()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(TestPaths.Fixture("tiny-splade-random", "reference.json")));
        return document.RootElement.GetProperty("items")[0].GetProperty("text").GetString()!;
    }

    private static float MaxDifference(SparseVector expected, SparseVector actual)
    {
        var row = new float[30522];
        for (var i = 0; i < expected.Count; i++)
        {
            row[expected.Indices[i]] = expected.Values[i];
        }

        for (var i = 0; i < actual.Count; i++)
        {
            row[actual.Indices[i]] -= actual.Values[i];
        }

        return row.Max(Math.Abs);
    }

    [Fact]
    public void Convert_writes_a_model_folder_that_encodes_the_reference_vectors()
    {
        var output = _folder.Combine("converted");
        var convert = SpladeProcess.Run(Environment(), "model", "convert", _checkpoint, "--out", output);
        Assert.True(convert.ExitCode == 0, convert.StandardError);
        Assert.True(File.Exists(Path.Combine(output, "onnx", "model.onnx")));

        var encode = SpladeProcess.Run(Environment(), "encode", "--model", output, "--text", FirstText());
        Assert.True(encode.ExitCode == 0, encode.StandardError);
        Assert.True(MaxDifference(FirstReference(), SparseVector.FromJson(encode.StandardOutput.Trim())) <= 1e-5f);
    }

    [Fact]
    public void A_checkpoint_folder_given_as_model_is_converted_once_into_the_cache()
    {
        var first = SpladeProcess.Run(Environment(), "encode", "--model", _checkpoint, "--text", FirstText());
        Assert.True(first.ExitCode == 0, first.StandardError);
        Assert.Contains("converting", first.StandardError, StringComparison.Ordinal);
        Assert.True(MaxDifference(FirstReference(), SparseVector.FromJson(first.StandardOutput.Trim())) <= 1e-5f);
        Assert.Single(Directory.GetDirectories(_folder.Combine("splade-cache"), "converted-*"));

        var second = SpladeProcess.Run(Environment(), "encode", "--model", _checkpoint, "--text", FirstText());
        Assert.True(second.ExitCode == 0, second.StandardError);
        Assert.DoesNotContain("converting", second.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_models_exit_with_input_errors_that_say_what_to_do()
    {
        var missing = SpladeProcess.Run(Environment(), "encode", "--model", "org/not-pulled", "--text", "x");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("splade model pull org/not-pulled", missing.StandardError, StringComparison.Ordinal);

        File.WriteAllText(
            Path.Combine(_checkpoint, "config.json"), """{"architectures": ["ModernBertForMaskedLM"], "model_type": "modernbert", "vocab_size": 50368}""");
        var unsupported = SpladeProcess.Run(Environment(), "model", "convert", _checkpoint, "--out", _folder.Combine("never"));
        Assert.Equal(2, unsupported.ExitCode);
        Assert.Contains("ModernBertForMaskedLM", unsupported.StandardError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_folder.Combine("never")));

        var offline = SpladeProcess.Run(Environment(), "model", "pull", "org/name");
        Assert.Equal(2, offline.ExitCode);
        Assert.Contains("HF_HUB_OFFLINE", offline.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void List_shows_an_empty_cache()
    {
        var list = SpladeProcess.Run(Environment(), "model", "list", "--json");
        Assert.Equal(0, list.ExitCode);
        Assert.Equal("[]", list.StandardOutput.Trim());
    }

    [Fact]
    public void Pull_fills_the_hub_cache_list_shows_it_and_model_takes_its_id()
    {
        File.WriteAllText(Path.Combine(_checkpoint, "README.md"), "---\nlicense: apache-2.0\ntags: [splade]\n---\n# tiny\n");
        using var hub = new FakeHub(_checkpoint);
        var pull = SpladeProcess.Run(Environment(hub.Endpoint), "model", "pull", FakeHub.Repo);
        Assert.True(pull.ExitCode == 0, pull.StandardError);
        var snapshot = Path.Combine(_folder.Combine("hf-cache"), "models--org--tiny", "snapshots", FakeHub.Commit);
        Assert.Equal(snapshot, pull.StandardOutput.Trim());
        Assert.True(new FileInfo(Path.Combine(snapshot, "model.safetensors")).LinkTarget is not null);

        var table = SpladeProcess.Run(Environment(), "model", "list");
        Assert.True(table.ExitCode == 0, table.StandardError);
        var row = Assert.Single(table.StandardOutput.Split('\n'), line => line.StartsWith("org/tiny", StringComparison.Ordinal));
        Assert.Contains("main -> 0123456789ab", row, StringComparison.Ordinal);
        Assert.Contains("licence: apache-2.0", row, StringComparison.Ordinal);
        Assert.Contains(" MiB", row, StringComparison.Ordinal);

        // The model is used by its hub id with the network off, converted once into the SPLADE cache.
        var encode = SpladeProcess.Run(Environment(), "encode", "--model", FakeHub.Repo, "--text", FirstText());
        Assert.True(encode.ExitCode == 0, encode.StandardError);
        Assert.True(MaxDifference(FirstReference(), SparseVector.FromJson(encode.StandardOutput.Trim())) <= 1e-5f);

        var gated = SpladeProcess.Run(Environment(hub.Endpoint), "model", "pull", "org/gated");
        Assert.Equal(2, gated.ExitCode);
        Assert.Contains("gated", gated.StandardError, StringComparison.Ordinal);
        Assert.Contains("HF_TOKEN", gated.StandardError, StringComparison.Ordinal);
    }
}
