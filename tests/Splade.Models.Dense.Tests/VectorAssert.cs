using System.Numerics.Tensors;

namespace Splade.Models.Dense.Tests;

internal static class VectorAssert
{
    /// <summary>Every value within <paramref name="tolerance"/>, and a cosine of at least 0.99999.</summary>
    public static void Close(float[] expected, float[] actual, float tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var d = 0; d < expected.Length; d++)
        {
            Assert.True(Math.Abs(expected[d] - actual[d]) <= tolerance, $"{what}: dimension {d}: expected {expected[d]}, got {actual[d]}");
        }

        Assert.True(TensorPrimitives.CosineSimilarity(expected, actual) >= 0.99999f, $"{what}: cosine {TensorPrimitives.CosineSimilarity(expected, actual)}");
    }
}
