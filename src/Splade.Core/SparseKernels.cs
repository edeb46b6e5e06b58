using System.Numerics;

namespace Splade.Core;

/// <summary>Allocation-free kernels over sorted (index, value) spans, shared by vectors and memory-mapped postings.</summary>
/// <remarks>Thread safety: every member may be called from any thread at the same time; it keeps no mutable state.</remarks>
public static class SparseKernels
{
    /// <summary>The dot product of two sparse vectors given as sorted index spans with their values.</summary>
    public static float Dot(ReadOnlySpan<uint> leftIndices, ReadOnlySpan<float> leftValues, ReadOnlySpan<uint> rightIndices, ReadOnlySpan<float> rightValues)
        => Dot<uint>(leftIndices, leftValues, rightIndices, rightValues);

    /// <summary>
    /// The dot product of two sparse vectors given as sorted (index, value) spans, the right one's indices stored in any unsigned
    /// width (an index's forward vectors keep u16 term indices); the sum is formed in ascending index order, like the u32 overload.
    /// </summary>
    public static float Dot<TIndex>(
        ReadOnlySpan<uint> leftIndices,
        ReadOnlySpan<float> leftValues,
        ReadOnlySpan<TIndex> rightIndices,
        ReadOnlySpan<float> rightValues)
        where TIndex : unmanaged, IBinaryInteger<TIndex>, IUnsignedNumber<TIndex>
    {
        var sum = 0f;
        int i = 0, j = 0;
        while (i < leftIndices.Length && j < rightIndices.Length)
        {
            var left = leftIndices[i];
            var right = uint.CreateTruncating(rightIndices[j]);
            if (left == right)
            {
                sum += leftValues[i] * rightValues[j];
                i++;
                j++;
            }
            else if (left < right)
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return sum;
    }
}
