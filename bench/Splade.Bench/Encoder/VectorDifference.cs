using Splade.Core;

namespace Splade.Bench.Encoder;

/// <summary>The largest absolute weight difference between two lists of vectors, over the union of their terms.</summary>
internal static class VectorDifference
{
    public static double MaxAbsolute(IReadOnlyList<SparseVector> left, IReadOnlyList<SparseVector> right)
    {
        var worst = 0.0;
        for (var i = 0; i < left.Count; i++)
        {
            foreach (var index in left[i].Indices)
            {
                worst = Math.Max(worst, Math.Abs(left[i][index] - right[i][index]));
            }

            foreach (var index in right[i].Indices)
            {
                worst = Math.Max(worst, Math.Abs(left[i][index] - right[i][index]));
            }
        }

        return worst;
    }
}
