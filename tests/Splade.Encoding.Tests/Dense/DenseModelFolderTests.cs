using System.Numerics.Tensors;
using Splade.Encoding.Dense;
using Splade.Tests.Shared;

namespace Splade.Encoding.Tests.Dense;

/// <summary>Loading from a model folder, built in a temporary copy of the tiny random BERT fixture.</summary>
public sealed class DenseModelFolderTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"splade-dense-{Guid.NewGuid():N}");

    public DenseModelFolderTests()
    {
        var source = TestPaths.Fixture("tiny-splade-random");
        Directory.CreateDirectory(Path.Combine(_folder, "onnx"));
        foreach (var file in new[] { "config.json", "tokenizer.json", "tokenizer_config.json", "vocab.txt", Path.Combine("onnx", "model.onnx") })
        {
            File.Copy(Path.Combine(source, file), Path.Combine(_folder, file));
        }
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_folder_without_pooling_configuration_is_a_clear_error()
    {
        var error = Assert.Throws<ModelLoadException>(() => DenseEncoder.FromModelFolder(_folder));

        Assert.Contains(Path.Combine("1_Pooling", "config.json"), error.Message, StringComparison.Ordinal);
        Assert.Contains("Pooling", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"pooling_mode_cls_token\": true, \"pooling_mode_mean_tokens\": false}", DensePooling.Cls)]
    [InlineData("{\"pooling_mode_cls_token\": false, \"pooling_mode_mean_tokens\": true}", DensePooling.Mean)]
    public void The_pooling_mode_comes_from_the_sentence_transformers_configuration(string json, DensePooling expected)
    {
        WritePoolingConfig(json);

        using var encoder = DenseEncoder.FromModelFolder(_folder);

        Assert.Equal(expected, encoder.Pooling);
        Assert.Equal(1f, TensorPrimitives.Norm(encoder.Encode("a tiny model still encodes")), 4);
    }

    [Fact]
    public void Explicit_pooling_overrides_a_missing_configuration()
    {
        using var encoder = DenseEncoder.FromModelFolder(_folder, new DenseEncoderOptions { Pooling = DensePooling.Cls, Normalize = false });

        Assert.Equal(DensePooling.Cls, encoder.Pooling);
        Assert.True(encoder.Dimension > 0);
        Assert.Equal(encoder.Dimension, encoder.Encode("hello").Length);
    }

    [Fact]
    public void Max_pooling_is_rejected_with_the_file_named()
    {
        var path = WritePoolingConfig("{\"pooling_mode_max_tokens\": true}");

        var error = Assert.Throws<ModelLoadException>(() => DenseEncoder.FromModelFolder(_folder));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_pooling_json_names_the_file_and_line()
    {
        var path = WritePoolingConfig("{\n\"pooling_mode_mean_tokens\": tru }");

        var error = Assert.Throws<ModelLoadException>(() => DenseEncoder.FromModelFolder(_folder));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_without_an_onnx_graph_is_a_clear_error()
    {
        File.Delete(Path.Combine(_folder, "onnx", "model.onnx"));
        WritePoolingConfig("{\"pooling_mode_mean_tokens\": true}");

        var error = Assert.Throws<ModelLoadException>(() => DenseEncoder.FromModelFolder(_folder));

        Assert.Contains("model.onnx", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_graph_that_pools_inside_itself_is_rejected()
    {
        File.Copy(TestPaths.Fixture("tiny-splade-random", "onnx", "model_pooled_max.onnx"), Path.Combine(_folder, "onnx", "model.onnx"), overwrite: true);
        WritePoolingConfig("{\"pooling_mode_mean_tokens\": true}");

        var error = Assert.Throws<ModelLoadException>(() => DenseEncoder.FromModelFolder(_folder));

        Assert.Contains("already pooled", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_folder_is_a_clear_error()
    {
        var missing = Path.Combine(_folder, "nope");

        var error = Assert.Throws<ModelLoadException>(() => DenseEncoder.FromModelFolder(missing));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    private string WritePoolingConfig(string json)
    {
        var path = Path.Combine(_folder, "1_Pooling", "config.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, json);
        return path;
    }
}
