namespace Splade.Index.Segments;

/// <summary>The 8-bit code of a posting's weight, and the score tables and error bound that exact search builds from it.</summary>
/// <remarks>
/// <para>
/// Each term's weights are coded on a linear grid of 256 levels over the term's own [min, max]: code = round((w - min) / step) with
/// step = (max - min) / 255, decoded as min + code × step. A decoded weight is within half a step of the stored float32 weight, the
/// forward index keeps the float32 weight itself, and exact search re-scores from it every document the codes cannot rule out.
/// </para>
/// <para>
/// A query term's 256 possible contributions (query weight × decoded weight) are laid out as a table, so scoring a posting is one
/// lookup and one add; <see cref="ErrorBound"/> bounds how far a sum of such lookups can be from the float32 dot product.
/// </para>
/// </remarks>
internal static class PostingImpacts
{
    public const int Levels = 256;

    /// <summary>Float32 rounding of one product or sum, relative to its magnitude (2^-24), widened fourfold for the decode's own steps.</summary>
    private const float RoundingPerOperation = 4f / (1 << 24);

    /// <summary>The smallest positive float32 (a subnormal): float32 rounding near zero is absolute, at most this much per operation.</summary>
    private const double SmallestFloat = 1.401298464324817E-45;

    /// <summary>The grid's step; computed in double so that a range as wide as float32 allows does not overflow.</summary>
    public static float Step(float min, float max) => (float)(((double)max - min) / (Levels - 1));

    public static byte Encode(float weight, float min, float step)
        => step > 0f ? (byte)Math.Clamp((int)Math.Round((weight - (double)min) / step), 0, Levels - 1) : (byte)0;

    public static float Decode(byte code, float min, float step) => (float)(min + (code * (double)step));

    /// <summary>Fills <paramref name="table"/> (256 entries) with the query weight times each level's decoded weight.</summary>
    public static void FillTable(float queryWeight, float min, float max, Span<float> table)
    {
        var step = Step(min, max);
        for (var code = 0; code < Levels; code++)
        {
            table[code] = queryWeight * Decode((byte)code, min, step);
        }
    }

    /// <summary>
    /// How far one term's table entry can be from the float32 product of the query weight with the weight it codes: half a step from
    /// the grid, plus the rounding of the decode and of the product, bounded through the largest weight magnitude.
    /// </summary>
    /// <remarks>A subnormal step is itself rounded by up to half the smallest float, which 255 levels multiply; the absolute terms
    /// cover that and the products' underflow. The bound is rounded up to the next float.</remarks>
    public static float TermError(float queryWeight, float min, float max)
    {
        var magnitude = Math.Max(Math.Abs((double)min), Math.Abs((double)max));
        var weightError = (Step(min, max) * 0.5001) + (magnitude * RoundingPerOperation) + (Levels * SmallestFloat);
        return MathF.BitIncrement((float)((Math.Abs((double)queryWeight) * weightError) + (2 * SmallestFloat)));
    }

    /// <summary>
    /// The bound on |approximate score - exact score| for a query of <paramref name="terms"/> matched terms: the terms' errors plus the
    /// rounding of two float32 sums of that many terms (the table lookups' and the forward index's), each at most terms × 2^-24 of
    /// the sum of the terms' largest contributions.
    /// </summary>
    public static float ErrorBound(float termErrors, float largestContributions, int terms)
        => MathF.BitIncrement((float)(termErrors + ((terms + 2) * ((2 * RoundingPerOperation * (double)largestContributions) + (4 * SmallestFloat)))));
}
