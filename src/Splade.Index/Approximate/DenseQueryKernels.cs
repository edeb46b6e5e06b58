using Splade.Core;

namespace Splade.Index.Approximate;

/// <summary>Dot products of a query scattered into a dense array with sparse rows: the inner loops of re-scoring and block skipping.</summary>
/// <remarks>Independent accumulators let the gathers overlap instead of waiting on one running sum.</remarks>
internal static class DenseQueryKernels
{
    /// <summary>Writes the query's weights at its terms into <paramref name="dense"/>; terms at or beyond its length are left out
    /// (no document those kernels score holds them).</summary>
    public static void Scatter(SparseVector query, Span<float> dense) => Write(query, dense, clear: false);

    /// <summary>Zeroes what <see cref="Scatter"/> wrote, so the array is all zero again without clearing it in full.</summary>
    public static void Clear(SparseVector query, Span<float> dense) => Write(query, dense, clear: true);

    /// <summary>The dot product of the dense query with a document's (index, weight) entries.</summary>
    public static float Dot(ReadOnlySpan<float> denseQuery, ReadOnlySpan<ushort> indices, ReadOnlySpan<float> values)
    {
        float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
        var i = 0;
        var values4 = values[..indices.Length];
        for (; i + 4 <= indices.Length; i += 4)
        {
            s0 += denseQuery[indices[i]] * values4[i];
            s1 += denseQuery[indices[i + 1]] * values4[i + 1];
            s2 += denseQuery[indices[i + 2]] * values4[i + 2];
            s3 += denseQuery[indices[i + 3]] * values4[i + 3];
        }

        for (; i < indices.Length; i++)
        {
            s0 += denseQuery[indices[i]] * values4[i];
        }

        return (s0 + s1) + (s2 + s3);
    }

    /// <summary>The dot product of the dense query with a document's entries as one running sum in ascending term order.</summary>
    /// <remarks>The additions are those of a merge of the two sorted vectors (<see cref="Splade.Core.SparseKernels"/>) in the same
    /// order: a term the query lacks adds a zero product, which leaves a float sum as it was, so the score is the brute-force
    /// score bit for bit.</remarks>
    public static float OrderedDot(ReadOnlySpan<float> denseQuery, ReadOnlySpan<ushort> indices, ReadOnlySpan<float> values)
    {
        var sum = 0f;
        values = values[..indices.Length];
        for (var i = 0; i < indices.Length; i++)
        {
            sum += denseQuery[indices[i]] * values[i];
        }

        return sum;
    }

    /// <summary>The dot product of the dense query with a block summary's quantized entries, before the block's scale is applied.</summary>
    /// <param name="denseQuery">The query scattered over the vocabulary.</param>
    /// <param name="terms">The summary's terms.</param>
    /// <param name="packedLevels">Every summary's 4-bit levels, two a byte (<see cref="PackedLevels"/>).</param>
    /// <param name="first">The index of the summary's first entry among all summaries' entries.</param>
    public static float QuantizedDot(ReadOnlySpan<float> denseQuery, ReadOnlySpan<ushort> terms, ReadOnlySpan<byte> packedLevels, int first)
    {
        float s0 = 0f, s1 = 0f;
        var i = 0;
        var entry = first;
        if ((entry & 1) == 1 && terms.Length > 0)
        {
            s0 += denseQuery[terms[0]] * (packedLevels[entry >> 1] >> 4);
            i++;
            entry++;
        }

        // Two entries share a byte from here on: the low half is the even entry, the high half the odd one.
        for (; i + 2 <= terms.Length; i += 2, entry += 2)
        {
            var pair = packedLevels[entry >> 1];
            s0 += denseQuery[terms[i]] * (pair & PackedLevels.MaxLevel);
            s1 += denseQuery[terms[i + 1]] * (pair >> 4);
        }

        if (i < terms.Length)
        {
            s0 += denseQuery[terms[i]] * (packedLevels[entry >> 1] & PackedLevels.MaxLevel);
        }

        return s0 + s1;
    }

    private static void Write(SparseVector query, Span<float> dense, bool clear)
    {
        var indices = query.Indices;
        var values = query.Values;
        for (var q = 0; q < indices.Length && indices[q] < (uint)dense.Length; q++)
        {
            dense[(int)indices[q]] = clear ? 0f : values[q];
        }
    }
}
