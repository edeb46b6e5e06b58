using System.Numerics.Tensors;

namespace Splade.Encoding.Dense;

/// <summary>Pooling of one sequence's hidden states into a sentence vector, and L2 normalisation.</summary>
internal static class EmbeddingPooling
{
    /// <summary>Pools <paramref name="hidden"/> ([sequence, hiddenSize] row-major) over its first <paramref name="tokenCount"/> rows.</summary>
    public static void Pool(ReadOnlySpan<float> hidden, int hiddenSize, int tokenCount, DensePooling pooling, Span<float> destination)
    {
        if (pooling == DensePooling.Cls || tokenCount == 1)
        {
            hidden[..hiddenSize].CopyTo(destination);
            return;
        }

        hidden[..hiddenSize].CopyTo(destination);
        for (var t = 1; t < tokenCount; t++)
        {
            TensorPrimitives.Add(destination, hidden.Slice(t * hiddenSize, hiddenSize), destination);
        }

        TensorPrimitives.Divide(destination, tokenCount, destination);
    }

    /// <summary>Scales <paramref name="vector"/> to unit L2 norm; a zero vector stays zero.</summary>
    public static void Normalize(Span<float> vector)
    {
        var norm = TensorPrimitives.Norm(vector);
        if (norm > 0)
        {
            TensorPrimitives.Divide(vector, norm, vector);
        }
    }
}
