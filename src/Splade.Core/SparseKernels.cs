namespace Splade.Core;

/// <summary>Allocation-free kernels over sorted (index, value) spans, shared by vectors and memory-mapped postings.</summary>
public static class SparseKernels
{
    /// <summary>The dot product of two sparse vectors given as sorted index spans with their values.</summary>
    public static float Dot(ReadOnlySpan<uint> leftIndices, ReadOnlySpan<float> leftValues, ReadOnlySpan<uint> rightIndices, ReadOnlySpan<float> rightValues)
    {
        var sum = 0f;
        int i = 0, j = 0;
        while (i < leftIndices.Length && j < rightIndices.Length)
        {
            var left = leftIndices[i];
            var right = rightIndices[j];
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
