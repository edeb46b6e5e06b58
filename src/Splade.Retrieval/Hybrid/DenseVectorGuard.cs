using System.Numerics.Tensors;

namespace Splade.Retrieval.Hybrid;

/// <summary>Checks on dense vectors that arrive from callers: dimension, finite values, a direction.</summary>
internal static class DenseVectorGuard
{
    public static void RequireDimension(ReadOnlySpan<float> vector, int dimension, string name)
    {
        if (vector.Length != dimension)
        {
            throw new ArgumentException($"The dense vector '{name}' has {vector.Length} values; this corpus's embeddings have {dimension}.", name);
        }
    }

    /// <summary>Requires the dimension, finite values and a non-zero norm (a zero vector has no direction under cosine).</summary>
    public static void RequireUsableQuery(ReadOnlySpan<float> vector, int dimension, string name)
    {
        RequireDimension(vector, dimension, name);
        for (var i = 0; i < vector.Length; i++)
        {
            if (!float.IsFinite(vector[i]))
            {
                throw new ArgumentException($"The dense vector '{name}' has {vector[i]} at position {i}; values must be finite numbers.", name);
            }
        }

        if (TensorPrimitives.Norm(vector) == 0)
        {
            throw new ArgumentException($"The dense vector '{name}' is all zeros: it has no direction, so its cosine similarity is undefined.", name);
        }
    }
}
