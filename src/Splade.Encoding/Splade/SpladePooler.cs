using System.Numerics.Tensors;
using Splade.Core;

namespace Splade.Encoding.Splade;

/// <summary>The SPLADE pooling arithmetic over vocabulary rows: <c>w_j = POOL_i log(1 + relu(logit_ij))</c>.</summary>
/// <remarks>
/// Max pooling keeps the raw maximum per term and applies <c>log(1 + relu(x))</c> once to the pooled row, which is exact because the
/// function is monotone. Sum pooling transforms each token row in place (the row belongs to a scratch buffer) and adds it.
/// </remarks>
internal static class SpladePooler
{
    /// <summary>Folds one token's logits row into the accumulator.</summary>
    /// <param name="accumulator">The running pooled row (starts at zero).</param>
    /// <param name="tokenRow">The token's logits; overwritten by sum pooling.</param>
    /// <param name="pooling">Max or sum.</param>
    public static void AddToken(Span<float> accumulator, Span<float> tokenRow, SpladePooling pooling)
    {
        if (pooling == SpladePooling.Max)
        {
            TensorPrimitives.Max(accumulator, tokenRow, accumulator);
            return;
        }

        ActivateInPlace(tokenRow);
        TensorPrimitives.Add(accumulator, tokenRow, accumulator);
    }

    /// <summary>Folds a row that is already a pooled SPLADE vector (a window's, or a pooled graph's output) into the accumulator.</summary>
    public static void AddPooled(Span<float> accumulator, ReadOnlySpan<float> pooledRow, SpladePooling pooling)
    {
        if (pooling == SpladePooling.Max)
        {
            TensorPrimitives.Max(accumulator, pooledRow, accumulator);
        }
        else
        {
            TensorPrimitives.Add(accumulator, pooledRow, accumulator);
        }
    }

    /// <summary>Applies <c>log(1 + relu(x))</c> in place.</summary>
    public static void ActivateInPlace(Span<float> row)
    {
        TensorPrimitives.Max(row, 0f, row);
        TensorPrimitives.LogP1(row, row);
    }

    /// <summary>
    /// Builds the sparse vector of the positive entries that reach <paramref name="minimumWeight"/>, then keeps the top <paramref name="topK"/>.
    /// </summary>
    public static SparseVector ToSparse(ReadOnlySpan<float> pooled, float minimumWeight, int? topK)
    {
        var count = 0;
        foreach (var weight in pooled)
        {
            if (weight > 0f && weight >= minimumWeight)
            {
                count++;
            }
        }

        var indices = new uint[count];
        var values = new float[count];
        var next = 0;
        for (var term = 0; term < pooled.Length; term++)
        {
            var weight = pooled[term];
            if (weight > 0f && weight >= minimumWeight)
            {
                indices[next] = (uint)term;
                values[next] = weight;
                next++;
            }
        }

        var vector = SparseVector.Wrap(indices, values, (uint)pooled.Length);
        return topK is { } k ? vector.TopK(k) : vector;
    }
}
