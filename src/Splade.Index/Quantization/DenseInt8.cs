using System.Numerics;
using System.Runtime.CompilerServices;

namespace Splade.Index.Quantization;

/// <summary>The int8 dense-vector codec of <see cref="DensePrecision.Int8"/>: symmetric per-vector quantisation and the asymmetric dot product.</summary>
/// <remarks>
/// A vector x is stored as scale = max |x| / 127 and codes c = round(x / scale) in [-127, 127], so every decoded value scale × c is
/// within scale / 2 of x and the score scale × dot(q, c) is within scale / 2 × ‖q‖₁ of dot(q, x). A vector whose largest magnitude is
/// under 127 times the smallest float (about 1.8e-43) gets scale 0 and decodes as zeros.
/// </remarks>
internal static class DenseInt8
{
    /// <summary>Quantises <paramref name="vector"/> into <paramref name="codes"/> and returns its scale.</summary>
    public static float Encode(ReadOnlySpan<float> vector, Span<sbyte> codes)
    {
        var magnitude = 0f;
        foreach (var value in vector)
        {
            magnitude = Math.Max(magnitude, Math.Abs(value));
        }

        var scale = magnitude / 127f;
        for (var i = 0; i < vector.Length; i++)
        {
            // Dividing in double keeps a subnormal scale from overflowing the quotient.
            codes[i] = scale > 0f ? (sbyte)Math.Clamp(Math.Round(vector[i] / (double)scale, MidpointRounding.ToEven), -127d, 127d) : (sbyte)0;
        }

        return scale;
    }

    /// <summary>Writes the decoded values scale × code into <paramref name="destination"/>.</summary>
    public static void Decode(ReadOnlySpan<sbyte> codes, float scale, Span<float> destination)
    {
        for (var i = 0; i < codes.Length; i++)
        {
            destination[i] = scale * codes[i];
        }
    }

    /// <summary>
    /// dot(<paramref name="query"/>, <paramref name="codes"/>) with the codes widened to float in registers; the caller multiplies by the scale.
    /// </summary>
    /// <remarks>
    /// Widening sbyte to short to int to float in registers beats converting each row into a float buffer and calling
    /// TensorPrimitives.Dot, and beats float32 rows, because a quarter of the bytes cross the memory bus; it also needs no buffer.
    /// Compiled fully optimised from the first call, because a short-lived process (one CLI search) would otherwise scan with
    /// slow unoptimised Vector&lt;T&gt; code before tiered compilation caught up. Figures: docs/INDEX.md, "Measurements behind
    /// the design".
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float Dot(ReadOnlySpan<float> query, ReadOnlySpan<sbyte> codes)
    {
        var width = Vector<float>.Count;
        var step = Vector<sbyte>.Count;
        Vector<float> sum0 = default, sum1 = default, sum2 = default, sum3 = default;
        var i = 0;
        for (; i <= codes.Length - step; i += step)
        {
            Vector.Widen(new Vector<sbyte>(codes[i..]), out var low, out var high);
            Vector.Widen(low, out var c0, out var c1);
            Vector.Widen(high, out var c2, out var c3);
            sum0 = Vector.FusedMultiplyAdd(Vector.ConvertToSingle(c0), new Vector<float>(query[i..]), sum0);
            sum1 = Vector.FusedMultiplyAdd(Vector.ConvertToSingle(c1), new Vector<float>(query[(i + width)..]), sum1);
            sum2 = Vector.FusedMultiplyAdd(Vector.ConvertToSingle(c2), new Vector<float>(query[(i + (2 * width))..]), sum2);
            sum3 = Vector.FusedMultiplyAdd(Vector.ConvertToSingle(c3), new Vector<float>(query[(i + (3 * width))..]), sum3);
        }

        var total = Vector.Sum(sum0 + sum1 + (sum2 + sum3));
        for (; i < codes.Length; i++)
        {
            total += query[i] * codes[i];
        }

        return total;
    }
}
