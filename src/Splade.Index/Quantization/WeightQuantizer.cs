using Splade.Index.Segments;

namespace Splade.Index;

/// <summary>Encodes a block of weights in 16 or 8 bits and decodes them back, with a documented error bound.</summary>
/// <remarks>
/// <para>
/// SPLADE weights lie in a narrow range (about 0.01 to 3), so a linear 8-bit grid over a block's own [min, max] loses at most half a
/// step: |w - decode(encode(w))| &lt;= (max - min) / 510, about 0.006 for a 0..3 block. Half precision keeps a relative error of
/// 2^-11. <see cref="MaxAbsoluteError"/> returns the bound for a block so callers can widen score bounds by it.
/// </para>
/// <para>The 8-bit form is the one the exact index's postings store (one grid per term); the forward index keeps float32 weights,
/// and exact search re-scores from them every document the codes cannot rule out. Scores computed from decoded weights alone are
/// exact only for the decoded values.</para>
/// </remarks>
public static class WeightQuantizer
{
    /// <summary>The bytes one weight takes at <paramref name="precision"/>.</summary>
    public static int BytesPerWeight(WeightPrecision precision) => precision switch
    {
        WeightPrecision.Full => 4,
        WeightPrecision.Half => 2,
        WeightPrecision.EightBit => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(precision), precision, "Unknown precision."),
    };

    /// <summary>Encodes <paramref name="weights"/> into <paramref name="destination"/> (<see cref="BytesPerWeight"/> bytes each).</summary>
    /// <returns>The block's parameters, needed to decode it.</returns>
    /// <exception cref="ArgumentException">A weight is not finite, or the destination is too small.</exception>
    public static QuantizedBlock Encode(ReadOnlySpan<float> weights, Span<byte> destination, WeightPrecision precision)
    {
        if (destination.Length < weights.Length * BytesPerWeight(precision))
        {
            throw new ArgumentException($"The destination holds {destination.Length} bytes; {weights.Length * BytesPerWeight(precision)} are needed.", nameof(destination));
        }

        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        for (var i = 0; i < weights.Length; i++)
        {
            if (!float.IsFinite(weights[i]))
            {
                throw new ArgumentException($"weights[{i}] = {weights[i]} is not finite.", nameof(weights));
            }

            min = Math.Min(min, weights[i]);
            max = Math.Max(max, weights[i]);
        }

        if (weights.IsEmpty)
        {
            min = max = 0f;
        }

        var block = new QuantizedBlock(precision, min, max);
        for (var i = 0; i < weights.Length; i++)
        {
            switch (precision)
            {
                case WeightPrecision.Full:
                    BitConverter.TryWriteBytes(destination[(i * 4)..], weights[i]);
                    break;
                case WeightPrecision.Half:
                    BitConverter.TryWriteBytes(destination[(i * 2)..], (Half)weights[i]);
                    break;
                default:
                    destination[i] = PostingImpacts.Encode(weights[i], min, block.Step);
                    break;
            }
        }

        return block;
    }

    /// <summary>Decodes <paramref name="source"/>, encoded with <paramref name="block"/>, into <paramref name="weights"/>.</summary>
    public static void Decode(ReadOnlySpan<byte> source, QuantizedBlock block, Span<float> weights)
    {
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = block.Precision switch
            {
                WeightPrecision.Full => BitConverter.ToSingle(source[(i * 4)..]),
                WeightPrecision.Half => (float)BitConverter.ToHalf(source[(i * 2)..]),
                _ => PostingImpacts.Decode(source[i], block.Minimum, block.Step),
            };
        }
    }

    /// <summary>The largest absolute error decoding can introduce for a weight <paramref name="weight"/> of this block.</summary>
    public static float MaxAbsoluteError(QuantizedBlock block, float weight) => block.Precision switch
    {
        WeightPrecision.Full => 0f,
        WeightPrecision.Half => Math.Max(Math.Abs(weight) * MathF.Pow(2, -11), MathF.Pow(2, -25)),
        _ => PostingImpacts.TermError(1f, block.Minimum, block.Maximum),
    };
}
