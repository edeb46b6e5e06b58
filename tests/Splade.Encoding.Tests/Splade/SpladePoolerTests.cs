using CsCheck;
using Splade.Encoding.Splade;

namespace Splade.Encoding.Tests.Splade;

/// <summary>The SIMD pooling against a scalar brute-force oracle.</summary>
public sealed class SpladePoolerTests
{
    private static readonly Gen<float[][]> TokenRows =
        Gen.Int[1, 40].SelectMany(width => Gen.Float[-8f, 8f].Array[width].Array[1, 12]);

    [Theory]
    [InlineData(SpladePooling.Max)]
    [InlineData(SpladePooling.Sum)]
    public void Pooling_tokens_equals_the_formula(SpladePooling pooling)
    {
        TokenRows.Sample(rows =>
        {
            var width = rows[0].Length;
            var accumulator = new float[width];
            foreach (var row in rows)
            {
                SpladePooler.AddToken(accumulator, (float[])row.Clone(), pooling);
            }

            if (pooling == SpladePooling.Max)
            {
                SpladePooler.ActivateInPlace(accumulator);
            }

            for (var term = 0; term < width; term++)
            {
                var expected = 0.0;
                foreach (var row in rows)
                {
                    var weight = Math.Log(1.0 + Math.Max(0.0, row[term]));
                    expected = pooling == SpladePooling.Max ? Math.Max(expected, weight) : expected + weight;
                }

                Assert.True(Math.Abs(expected - accumulator[term]) <= 1e-5 * Math.Max(1.0, expected), $"term {term}: {accumulator[term]} vs {expected}");
            }
        });
    }

    [Fact]
    public void Sparse_conversion_keeps_positive_weights_above_the_threshold_then_the_top_k()
    {
        Gen.Select(Gen.Float[-2f, 4f].Array[1, 60], Gen.Float[0f, 3f], Gen.Int[0, 70]).Sample((dense, threshold, k) =>
        {
            var vector = SpladePooler.ToSparse(dense, threshold, k);
            var expected = dense.Select((weight, index) => (weight, index))
                .Where(entry => entry.weight > 0f && entry.weight >= threshold)
                .OrderByDescending(entry => entry.weight).ThenBy(entry => entry.index)
                .Take(k).OrderBy(entry => entry.index).ToArray();
            Assert.Equal(expected.Select(entry => (uint)entry.index), vector.Indices.ToArray());
            Assert.Equal(expected.Select(entry => entry.weight), vector.Values.ToArray());
            Assert.Equal((uint)dense.Length, vector.Dimension);
        });
    }
}
