using System.Text;
using Splade.Encoding.Tests.Support;
using Splade.Tests.Shared;

namespace Splade.Encoding.Tests;

/// <summary>Every unusable model folder or text fails with a message naming what was wrong.</summary>
public sealed class BadInputTests
{
    [Fact]
    public void A_missing_folder_is_named()
    {
        using var temp = new TempFolder("splade-no-model-");
        var missing = temp.Combine("no-such-model");
        var error = Assert.Throws<ModelLoadException>(() => SpladeEncoder.Load(missing));
        Assert.Contains(missing, error.Message);
    }

    [Theory]
    [InlineData("config.json")]
    [InlineData("onnx/model.onnx")]
    [InlineData("vocab.txt")]
    public void A_missing_file_is_named(string file)
    {
        using var folder = new TempModelFolder();
        File.Delete(folder.File(file));
        if (file == "vocab.txt")
        {
            File.Delete(folder.File("tokenizer.json"));
        }

        var error = Assert.Throws<ModelLoadException>(() => SpladeEncoder.Load(folder.Path));
        Assert.Contains(Path.GetFileName(file), error.Message);
    }

    [Fact]
    public void The_root_model_onnx_is_used_when_the_onnx_folder_is_absent()
    {
        using var folder = new TempModelFolder();
        File.Move(folder.File("onnx", "model.onnx"), folder.File("model.onnx"));
        using var encoder = SpladeEncoder.Load(folder.Path);
        Assert.Equal(ReferenceVectors.Items(TestModels.Bert)[1].Max.Count, encoder.Encode(ReferenceVectors.Items(TestModels.Bert)[1].Text).Count);
    }

    [Fact]
    public void A_truncated_onnx_file_is_named()
    {
        using var folder = new TempModelFolder();
        var bytes = File.ReadAllBytes(folder.File("onnx", "model.onnx"));
        File.WriteAllBytes(folder.File("onnx", "model.onnx"), bytes[..(bytes.Length / 3)]);
        var error = Assert.Throws<ModelLoadException>(() => SpladeEncoder.Load(folder.Path));
        Assert.Contains("model.onnx", error.Message);
    }

    [Fact]
    public void Config_without_vocab_size_names_the_field()
    {
        using var folder = new TempModelFolder();
        File.WriteAllText(folder.File("config.json"), """{"model_type": "bert"}""");
        var error = Assert.Throws<ModelLoadException>(() => SpladeEncoder.Load(folder.Path));
        Assert.Contains("vocab_size", error.Message);
        Assert.Contains("config.json", error.Message);
    }

    [Fact]
    public void A_vocabulary_size_that_disagrees_with_the_model_output_is_named()
    {
        using var folder = new TempModelFolder();
        var config = File.ReadAllText(folder.File("config.json")).Replace("\"vocab_size\": 30522", "\"vocab_size\": 30000", StringComparison.Ordinal);
        File.WriteAllText(folder.File("config.json"), config);
        var error = Assert.Throws<ModelLoadException>(() => SpladeEncoder.Load(folder.Path));
        Assert.Contains("30000", error.Message);
        Assert.Contains("30522", error.Message);
    }

    [Fact]
    public void An_unexpected_graph_input_is_named()
    {
        using var folder = new TempModelFolder();
        var path = folder.File("onnx", "model.onnx");
        var renamed = Replace(File.ReadAllBytes(path), "token_type_ids"u8, "segment_ids_xx"u8);
        File.WriteAllBytes(path, renamed);
        var error = Assert.Throws<ModelLoadException>(() => SpladeEncoder.Load(folder.Path));
        Assert.Contains("segment_ids_xx", error.Message);
    }

    [Fact]
    public void An_unpaired_surrogate_is_reported_with_its_position()
    {
        using var encoder = SpladeEncoder.Load(TestPaths.Fixture(TestModels.Bert));
        var error = Assert.Throws<ArgumentException>(() => encoder.Encode("abc\uD800def"));
        Assert.Contains("3", error.Message);
        var batchError = Assert.Throws<ArgumentException>(() => encoder.EncodeBatch(["fine", "bad \uDC00"]));
        Assert.Contains("Text 1", batchError.Message);
    }

    [Fact]
    public void A_ten_megabyte_text_is_truncated_before_inference()
    {
        using var encoder = SpladeEncoder.Load(TestPaths.Fixture(TestModels.Bert));
        var builder = new StringBuilder(10_000_000);
        while (builder.Length < 10_000_000)
        {
            builder.Append("orangutans swing through the forest canopy. ");
        }

        var text = builder.ToString();
        var head = encoder.Tokenizer.Tokenize(text, encoder.MaxLength);
        Assert.Equal(encoder.MaxLength, head.Length);
        var prefix = text[..4000];
        Assert.Equal(encoder.Encode(prefix), encoder.Encode(text));
    }

    [Fact]
    public void Cancellation_stops_the_batch()
    {
        using var encoder = SpladeEncoder.Load(TestPaths.Fixture(TestModels.Bert));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => encoder.EncodeBatch(["a", "b"], cancelled.Token));
    }

    [Fact]
    public void A_disposed_encoder_refuses_work()
    {
        var encoder = SpladeEncoder.Load(TestPaths.Fixture(TestModels.Bert));
        encoder.Dispose();
        Assert.Throws<ObjectDisposedException>(() => encoder.Encode("text"));
    }

    private static byte[] Replace(byte[] data, ReadOnlySpan<byte> from, ReadOnlySpan<byte> to)
    {
        var result = (byte[])data.Clone();
        var replaced = 0;
        for (var offset = result.AsSpan().IndexOf(from); offset >= 0;)
        {
            to.CopyTo(result.AsSpan(offset));
            replaced++;
            var next = result.AsSpan(offset + from.Length).IndexOf(from);
            offset = next < 0 ? -1 : offset + from.Length + next;
        }

        Assert.True(replaced > 0);
        return result;
    }
}
