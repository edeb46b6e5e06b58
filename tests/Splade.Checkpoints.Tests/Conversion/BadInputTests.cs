using System.IO.Compression;
using System.Text.Json.Nodes;
using Splade.Checkpoints.Conversion;
using Splade.Checkpoints.Tests.Support;
using Splade.Checkpoints.Weights;
using Splade.Encoding;

namespace Splade.Checkpoints.Tests.Conversion;

/// <summary>Each kind of bad checkpoint gives an error naming the tensor, field or file, and leaves nothing half-written.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly CheckpointFolder _checkpoint = new(CheckpointFolder.Bert);

    public void Dispose() => _checkpoint.Dispose();

    private CheckpointException ConvertFails()
    {
        var error = Assert.Throws<CheckpointException>(() => CheckpointConverter.Convert(_checkpoint.Path, _checkpoint.Sibling("out")));
        Assert.False(Directory.Exists(_checkpoint.Sibling("out")));
        Assert.Empty(Directory.GetDirectories(_checkpoint.Root, ".out.partial-*"));
        return error;
    }

    [Theory]
    [InlineData("ModernBertForMaskedLM", "modernbert")]
    [InlineData("XLMRobertaForMaskedLM", "xlm-roberta")]
    [InlineData("BertModel", "bert")]
    public void An_unsupported_architecture_is_named_with_what_is_supported(string architecture, string modelType)
    {
        var config = JsonNode.Parse(File.ReadAllText(_checkpoint.File("config.json")))!;
        config["architectures"] = new JsonArray(architecture);
        config["model_type"] = modelType;
        File.WriteAllText(_checkpoint.File("config.json"), config.ToJsonString());
        var error = ConvertFails();
        Assert.Contains(architecture, error.Message, StringComparison.Ordinal);
        Assert.Contains("BertForMaskedLM and DistilBertForMaskedLM", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_tensor_is_named()
    {
        RewriteWeights(entries => entries.RemoveAll(e => e.Name == "bert.encoder.layer.1.output.dense.weight"));
        var error = ConvertFails();
        Assert.Contains("bert.encoder.layer.1.output.dense.weight [32, 64] is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tensor_of_the_wrong_shape_is_named_with_both_shapes()
    {
        RewriteWeights(entries =>
        {
            var at = entries.FindIndex(e => e.Name == "bert.encoder.layer.0.intermediate.dense.weight");
            entries[at] = entries[at] with { Shape = [32, 64] };
        });
        var error = ConvertFails();
        Assert.Contains("bert.encoder.layer.0.intermediate.dense.weight has shape [32, 64]", error.Message, StringComparison.Ordinal);
        Assert.Contains("[64, 32]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_config_field_is_named()
    {
        var config = JsonNode.Parse(File.ReadAllText(_checkpoint.File("config.json")))!.AsObject();
        config.Remove("vocab_size");
        File.WriteAllText(_checkpoint.File("config.json"), config.ToJsonString());
        Assert.Contains("\"vocab_size\" is missing", ConvertFails().Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(100)]
    [InlineData(3000)]
    public void A_truncated_safetensors_file_names_the_file(int keptBytes)
    {
        var path = _checkpoint.File("model.safetensors");
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..keptBytes]);
        var error = ConvertFails();
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Data_shorter_than_the_header_claims_names_the_tensor()
    {
        var path = _checkpoint.File("model.safetensors");
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^200]);
        var error = ConvertFails();
        Assert.Contains("claims bytes", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("os", "system")]
    [InlineData("builtins", "eval")]
    [InlineData("torch", "load")]
    public void A_pickle_asking_for_a_global_outside_the_allow_list_is_refused_and_never_run(string module, string name)
    {
        File.Delete(_checkpoint.File("model.safetensors"));
        var marker = _checkpoint.Sibling("pwned");
        // PROTO 2, GLOBAL module name, the argument string, TUPLE1, REDUCE, STOP: Python would call module.name("touch <marker>").
        var pickle = new List<byte> { 0x80, 0x02, (byte)'c' };
        pickle.AddRange(System.Text.Encoding.ASCII.GetBytes($"{module}\n{name}\n"));
        var argument = System.Text.Encoding.UTF8.GetBytes($"touch {marker}");
        pickle.Add((byte)'X');
        pickle.AddRange(BitConverter.GetBytes(argument.Length));
        pickle.AddRange(argument);
        pickle.AddRange([0x85, (byte)'R', (byte)'.']);
        using (var zip = ZipFile.Open(_checkpoint.File("pytorch_model.bin"), ZipArchiveMode.Create))
        {
            using var entry = zip.CreateEntry("archive/data.pkl", CompressionLevel.NoCompression).Open();
            entry.Write(pickle.ToArray());
        }

        var error = ConvertFails();
        Assert.Contains($"{module}.{name}", error.Message, StringComparison.Ordinal);
        Assert.Contains("allow list", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public void The_fixture_pickle_uses_only_allowed_globals_and_gives_every_tensor()
    {
        var tensors = PyTorchZipFile.Open(Support.TestFixture.Path(CheckpointFolder.BertBin, "pytorch_model.bin"));
        Assert.Contains(tensors, t => t.Name == "cls.predictions.decoder.weight" && t.Shape.SequenceEqual([30522L, 32L]));
        var safetensors = SafetensorsFile.Open(Support.TestFixture.Path(CheckpointFolder.Bert, "model.safetensors"));
        foreach (var tensor in safetensors)
        {
            var twin = tensors.Single(t => t.Name == tensor.Name);
            Assert.Equal(tensor.Load(), twin.Load());
        }
    }

    [Fact]
    public void A_folder_without_weights_or_onnx_is_an_error_naming_what_was_looked_for()
    {
        File.Delete(_checkpoint.File("model.safetensors"));
        var error = Assert.Throws<ModelLoadException>(() => ModelResolver.Resolve(_checkpoint.Path, convertedRoot: _checkpoint.Sibling("cache")));
        Assert.Contains("model.safetensors", error.Message, StringComparison.Ordinal);
        Assert.Contains("onnx/model.onnx", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_checkpoint_folder_is_converted_once_and_reused_by_its_weights_hash()
    {
        var cache = _checkpoint.Sibling("cache");
        var conversions = 0;
        var first = ModelResolver.Resolve(_checkpoint.Path, convertedRoot: cache, log: _ => conversions++);
        var copy = _checkpoint.Sibling("copy");
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(_checkpoint.Path))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        Assert.Equal(first, ModelResolver.Resolve(copy, convertedRoot: cache, log: _ => conversions++));
        Assert.Equal(1, conversions);
        Assert.StartsWith(Path.Combine(cache, "converted-"), first, StringComparison.Ordinal);

        // A leftover staging folder of a killed conversion, and a folder without its record, are not taken for a conversion.
        Directory.Delete(first, recursive: true);
        Directory.CreateDirectory(Path.Combine(cache, "." + Path.GetFileName(first) + ".partial-dead", "onnx"));
        Directory.CreateDirectory(Path.Combine(first, "onnx"));
        Assert.Equal(first, ModelResolver.Resolve(copy, convertedRoot: cache, log: _ => conversions++));
        Assert.Equal(2, conversions);
        Assert.True(File.Exists(Path.Combine(first, CheckpointConverter.RecordFile)));
        Assert.Empty(Directory.GetDirectories(cache, ".*partial*"));
    }

    private void RewriteWeights(Action<List<SafetensorsWriter.Entry>> change)
    {
        var path = _checkpoint.File("model.safetensors");
        var entries = SafetensorsFile.Open(path)
            .Select(t => SafetensorsWriter.Entry.Float32(t.Name, t.Load(), t.Shape))
            .ToList();
        change(entries);
        SafetensorsWriter.Write(path, entries);
    }
}
