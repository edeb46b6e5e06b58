using System.Numerics.Tensors;

namespace Splade.Core;

public sealed partial class SparseVector
{
    /// <summary>The dot product with another sparse vector (a merge of the two sorted index lists).</summary>
    public float Dot(SparseVector other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return SparseKernels.Dot(Indices, Values, other.Indices, other.Values);
    }

    /// <summary>The dot product with a dense vector indexed by term.</summary>
    /// <exception cref="ArgumentException">The dense vector is shorter than this vector's largest index.</exception>
    public float Dot(ReadOnlySpan<float> dense)
    {
        if (Count > 0 && _indices[^1] >= dense.Length)
        {
            throw new ArgumentException($"The dense vector has {dense.Length} entries but this sparse vector has index {_indices[^1]}.", nameof(dense));
        }

        var sum = 0f;
        for (var i = 0; i < _indices.Length; i++)
        {
            sum += _values[i] * dense[(int)_indices[i]];
        }

        return sum;
    }

    /// <summary>The Euclidean (L2) norm.</summary>
    public float L2Norm() => TensorPrimitives.Norm(Values);

    /// <summary>The cosine similarity; zero when either vector has no non-zero weight.</summary>
    public float Cosine(SparseVector other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var norms = L2Norm() * other.L2Norm();
        return norms == 0f ? 0f : Dot(other) / norms;
    }

    /// <summary>Keeps the <paramref name="k"/> largest weights (ties go to the smaller index), still sorted by index.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is negative.</exception>
    public SparseVector TopK(int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        if (k >= Count)
        {
            return this;
        }

        var order = new int[Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var values = _values;
        Array.Sort(order, (a, b) =>
        {
            var byWeight = values[b].CompareTo(values[a]);
            return byWeight != 0 ? byWeight : a.CompareTo(b);
        });
        Array.Sort(order, 0, k);

        var keptIndices = new uint[k];
        var keptValues = new float[k];
        for (var i = 0; i < k; i++)
        {
            keptIndices[i] = _indices[order[i]];
            keptValues[i] = _values[order[i]];
        }

        return new SparseVector(keptIndices, keptValues, Dimension, validate: false);
    }

    /// <summary>Keeps the entries whose weight is at least <paramref name="minimumWeight"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="minimumWeight"/> is NaN.</exception>
    public SparseVector Prune(float minimumWeight)
    {
        if (float.IsNaN(minimumWeight))
        {
            throw new ArgumentException("The pruning threshold is NaN.", nameof(minimumWeight));
        }

        var kept = 0;
        foreach (var value in _values)
        {
            if (value >= minimumWeight)
            {
                kept++;
            }
        }

        if (kept == Count)
        {
            return this;
        }

        var keptIndices = new uint[kept];
        var keptValues = new float[kept];
        var next = 0;
        for (var i = 0; i < _values.Length; i++)
        {
            if (_values[i] >= minimumWeight)
            {
                keptIndices[next] = _indices[i];
                keptValues[next] = _values[i];
                next++;
            }
        }

        return new SparseVector(keptIndices, keptValues, Dimension, validate: false);
    }
}
