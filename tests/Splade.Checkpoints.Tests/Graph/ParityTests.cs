using Splade.Checkpoints.Conversion;
using Splade.Checkpoints.Tests.Support;
using Splade.Encoding;
using Splade.Encoding.Tests.Support;

namespace Splade.Checkpoints.Tests.Graph;

/// <summary>Models converted from their weights alone give the reference vectors PyTorch computed (tests/fixtures/*/reference.json).</summary>
public sealed class ParityTests
{
    private const float Tolerance = 1e-5f;

    [Theory]
    [InlineData(CheckpointFolder.Bert, "model.safetensors", CheckpointFolder.Bert)]
    [InlineData(CheckpointFolder.BertBin, "pytorch_model.bin", CheckpointFolder.Bert)]
    [InlineData(CheckpointFolder.DistilBert, "model.safetensors", CheckpointFolder.DistilBert)]
    public void Converted_checkpoints_match_the_reference_vectors(string fixture, string weightsFile, string reference)
    {
        using var checkpoint = new CheckpointFolder(fixture, weightsFile);
        var converted = CheckpointConverter.Convert(checkpoint.Path, checkpoint.Sibling("converted"));
        var items = ReferenceVectors.Items(reference);
        var texts = items.Select(item => item.Text).ToArray();
        using (var max = SpladeEncoder.Load(converted, new SpladeEncoderOptions { BatchSize = 4 }))
        {
            var vectors = max.EncodeBatch(texts);
            for (var i = 0; i < items.Count; i++)
            {
                var difference = Dense.MaxDifference(items[i].Max, vectors[i]);
                Assert.True(difference <= Tolerance, $"{fixture} text {i} (max): largest difference {difference}");
            }
        }

        using var sum = SpladeEncoder.Load(converted, new SpladeEncoderOptions { BatchSize = 4, Pooling = SpladePooling.Sum });
        var sums = sum.EncodeBatch(texts);

        // A sum adds up to 512 token rows, so float32 rounding grows with the weight: the bound is 1e-5 of the weight (and 1e-5
        // below 1). The longest text's heaviest sums (about 25) differ by 1.1e-5 from PyTorch's, as the summation order differs.
        for (var i = 0; i < items.Count; i++)
        {
            var difference = Dense.MaxRelativeDifference(items[i].Sum!, sums[i]);
            Assert.True(difference <= Tolerance, $"{fixture} text {i} (sum): largest difference {difference}");
        }
    }
}
