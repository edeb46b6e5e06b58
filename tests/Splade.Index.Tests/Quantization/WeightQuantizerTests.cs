using CsCheck;

namespace Splade.Index.Tests.Quantization;

public class WeightQuantizerTests
{
    [Theory]
    [InlineData(WeightPrecision.Full)]
    [InlineData(WeightPrecision.Half)]
    [InlineData(WeightPrecision.EightBit)]
    public void Decoded_weights_stay_within_the_documented_error(WeightPrecision precision)
    {
        Gen.Float[-3f, 3f].Array[1, 300].Sample(weights =>
        {
            var bytes = new byte[weights.Length * WeightQuantizer.BytesPerWeight(precision)];
            var block = WeightQuantizer.Encode(weights, bytes, precision);
            var decoded = new float[weights.Length];
            WeightQuantizer.Decode(bytes, block, decoded);
            var range = weights.Max() - weights.Min();
            for (var i = 0; i < weights.Length; i++)
            {
                var error = Math.Abs(decoded[i] - weights[i]);
                Assert.True(error <= WeightQuantizer.MaxAbsoluteError(block, weights[i]), $"weight {weights[i]} decoded as {decoded[i]}");
                // The documented closed forms, checked independently of MaxAbsoluteError.
                var documented = precision switch
                {
                    WeightPrecision.Full => 0.0,
                    WeightPrecision.Half => Math.Max(Math.Abs(weights[i]) / 2048.0, Math.Pow(2, -25)),
                    _ => (range / 510.0) + 1e-5,
                };
                Assert.True(error <= documented, $"error {error} above the documented {documented}");
            }
        });
    }

    [Fact]
    public void Non_finite_weights_are_rejected()
        => Assert.Throws<ArgumentException>(() => WeightQuantizer.Encode([1f, float.NaN], new byte[2], WeightPrecision.EightBit));
}
