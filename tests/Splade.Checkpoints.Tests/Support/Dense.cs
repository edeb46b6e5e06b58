using Splade.Core;

namespace Splade.Checkpoints.Tests.Support;

/// <summary>Compares sparse vectors as the dense rows they stand for.</summary>
internal static class Dense
{
    /// <summary>The largest difference divided by max(1, |expected|), over every vocabulary entry.</summary>
    public static float MaxRelativeDifference(SparseVector expected, SparseVector actual)
    {
        var max = 0f;
        var expectedRow = ToDense(expected);
        var actualRow = ToDense(actual);
        for (var i = 0; i < expectedRow.Length; i++)
        {
            max = Math.Max(max, Math.Abs(expectedRow[i] - actualRow[i]) / Math.Max(1f, Math.Abs(expectedRow[i])));
        }

        return max;
    }

    public static float[] ToDense(SparseVector vector)
    {
        var row = new float[vector.Dimension];
        for (var i = 0; i < vector.Count; i++)
        {
            row[vector.Indices[i]] = vector.Values[i];
        }

        return row;
    }

    /// <summary>The largest absolute difference over every vocabulary entry (a term missing from one side weighs 0 there).</summary>
    public static float MaxDifference(SparseVector expected, SparseVector actual)
    {
        var dimension = (int)Math.Max(expected.Dimension, actual.Dimension);
        var row = new float[dimension];
        for (var i = 0; i < expected.Count; i++)
        {
            row[expected.Indices[i]] = expected.Values[i];
        }

        for (var i = 0; i < actual.Count; i++)
        {
            row[actual.Indices[i]] -= actual.Values[i];
        }

        var max = 0f;
        foreach (var value in row)
        {
            max = Math.Max(max, Math.Abs(value));
        }

        return max;
    }
}
