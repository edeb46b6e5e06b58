using Splade.Encoding.Tests.Support;

namespace Splade.Encoding.Tests.Splade;

/// <summary>The ONNX pooling path against the Python reference vectors of the tiny random models.</summary>
public sealed class SpladeModelParityTests
{
    private const float Tolerance = 1e-5f;

    [Theory]
    [InlineData(TestModels.Bert, null, SpladePooling.Max)]
    [InlineData(TestModels.Bert, null, SpladePooling.Sum)]
    [InlineData(TestModels.Bert, TestModels.PooledMaxOnnx, SpladePooling.Max)]
    [InlineData(TestModels.DistilBert, null, SpladePooling.Max)]
    [InlineData(TestModels.DistilBert, null, SpladePooling.Sum)]
    public void Single_texts_match_the_reference(string model, string? onnxFile, SpladePooling pooling)
    {
        using var encoder = TestModels.LoadModel(model, new SpladeEncoderOptions { Pooling = pooling, OnnxFile = onnxFile });
        foreach (var (item, index) in ReferenceVectors.Items(model).Select((item, index) => (item, index)))
        {
            var expected = pooling == SpladePooling.Max ? item.Max : item.Sum!;
            VectorAssert.Close(expected, encoder.EncodeIds(item.InputIds), Tolerance, $"{model} {onnxFile} {pooling} item {index}");
        }
    }

    [Theory]
    [InlineData(TestModels.Bert, null, SpladePooling.Max)]
    [InlineData(TestModels.Bert, null, SpladePooling.Sum)]
    [InlineData(TestModels.Bert, TestModels.PooledMaxOnnx, SpladePooling.Max)]
    [InlineData(TestModels.DistilBert, null, SpladePooling.Sum)]
    public void Batched_results_equal_single_results_in_input_order(string model, string? onnxFile, SpladePooling pooling)
    {
        using var encoder = TestModels.LoadModel(model, new SpladeEncoderOptions { Pooling = pooling, OnnxFile = onnxFile, BatchSize = 5 });
        var sequences = ReferenceVectors.Items(model).Select(item => item.InputIds).ToArray();
        var batched = encoder.EncodeAll(sequences);
        for (var i = 0; i < sequences.Length; i++)
        {
            VectorAssert.Close(encoder.EncodeIds(sequences[i]), batched[i], Tolerance, $"{model} item {i}");
        }
    }

    [Fact]
    public void Batch_reference_of_real_texts_matches_in_padded_batches()
    {
        using var encoder = TestModels.LoadModel(TestModels.Bert, new SpladeEncoderOptions { BatchSize = 16 });
        var items = ReferenceVectors.BatchReference();
        Assert.Equal(320, items.Count);
        var vectors = encoder.EncodeAll(items.Select(item => item.InputIds).ToArray());
        for (var i = 0; i < items.Count; i++)
        {
            VectorAssert.Close(items[i].Max, vectors[i], Tolerance, $"batch-reference line {i + 1}");
        }
    }

    [Fact]
    public void A_small_logits_budget_splits_batches_without_changing_results()
    {
        var sequences = ReferenceVectors.Items(TestModels.Bert).Select(item => item.InputIds).ToArray();
        using var roomy = TestModels.LoadModel(TestModels.Bert, new SpladeEncoderOptions { BatchSize = 12 });
        using var tight = TestModels.LoadModel(TestModels.Bert, new SpladeEncoderOptions { BatchSize = 12, MaxLogitsBufferBytes = 4L * 30522 * 40 });
        var expected = roomy.EncodeAll(sequences);
        var actual = tight.EncodeAll(sequences);
        for (var i = 0; i < sequences.Length; i++)
        {
            VectorAssert.Close(expected[i], actual[i], Tolerance, $"item {i}");
        }
    }
}
