using Splade.Core;

namespace Splade.Encoding.Tests.Support;

internal static class VectorAssert
{
    /// <summary>Same non-zero index set, and every weight within <paramref name="tolerance"/>.</summary>
    public static void Close(SparseVector expected, SparseVector actual, float tolerance, string context)
    {
        Assert.True(expected.Count == actual.Count, $"{context}: expected {expected.Count} non-zeros, got {actual.Count}.");
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.True(expected.Indices[i] == actual.Indices[i], $"{context}: entry {i} has index {actual.Indices[i]}, expected {expected.Indices[i]}.");
            var difference = Math.Abs(expected.Values[i] - actual.Values[i]);
            Assert.True(
                difference <= tolerance,
                $"{context}: term {expected.Indices[i]} weighs {actual.Values[i]}, expected {expected.Values[i]} (difference {difference}).");
        }
    }
}
