using Splade.Checkpoints.Conversion;
using Splade.Checkpoints.Tests.Support;
using Splade.Encoding;
using Splade.Models;
using Splade.Tests.Shared;

namespace Splade.Checkpoints.Tests.Graph;

/// <summary>The shipped model, converted from its own weights, gives the shipped ONNX file's vectors.</summary>
public sealed class ShippedModelParityTests : IDisposable
{
    private static readonly string[] Texts =
    [
        "What is the effect of magnesium on blood pressure?",
        "The orangutan is a great ape native to the rainforests of Indonesia and Malaysia.",
        "",
        "Sparse retrieval models expand documents with related vocabulary terms. " + string.Concat(Enumerable.Repeat("Long text keeps going, ", 140)),
    ];

    private readonly TempFolder _root = new("splade-shipped-parity-");

    public void Dispose() => _root.Dispose();

    /// <remarks>The weights are recovered from the shipped ONNX file's initializers at test time (TrainingExportWeights) rather than
    /// committed as a fixture: they would duplicate the 46 MB model, and the test then also proves the recovery exact.</remarks>
    [Fact]
    public void The_shipped_model_converted_from_its_weights_matches_the_shipped_onnx()
    {
        var shipped = ShippedSpladeModel.Unpack(_root.Combine("cache"));
        var checkpoint = _root.Combine("checkpoint");
        Directory.CreateDirectory(checkpoint);
        foreach (var file in new[] { "config.json", "vocab.txt", "tokenizer_config.json", "splade_config.json" })
        {
            File.Copy(Path.Combine(shipped, file), Path.Combine(checkpoint, file));
        }

        TrainingExportWeights.Recover(Path.Combine(shipped, "onnx", "model.onnx"), checkpoint);
        var converted = CheckpointConverter.Convert(checkpoint, _root.Combine("converted"));

        using var reference = SpladeEncoder.Load(shipped, new SpladeEncoderOptions { BatchSize = 2 });
        using var ours = SpladeEncoder.Load(converted, new SpladeEncoderOptions { BatchSize = 2 });
        var expected = reference.EncodeBatch(Texts);
        var actual = ours.EncodeBatch(Texts);
        for (var i = 0; i < Texts.Length; i++)
        {
            var difference = Dense.MaxDifference(expected[i], actual[i]);
            Assert.True(difference <= 1e-5f, $"text {i}: largest difference {difference}");
            Assert.True(expected[i].Count > 5);
        }
    }
}
