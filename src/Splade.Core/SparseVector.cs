using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Splade.Core;

/// <summary>
/// An immutable sparse vector: strictly increasing <see cref="uint"/> term indices, each with a finite <see cref="float"/> weight.
/// </summary>
/// <remarks>
/// SPLADE, BM25 and TF-IDF all describe a text as a weighted bag of vocabulary terms. Most of the vocabulary is absent, so the
/// vector keeps only its non-zero entries, sorted by index. The invariants (sorted, unique, finite, below <see cref="Dimension"/>)
/// are checked once, at construction; every kernel can then rely on them without checking again.
/// <para>Thread safety: immutable; one vector may be read by any number of threads at once.</para>
/// </remarks>
[DebuggerDisplay("SparseVector nnz={Count}, dimension={Dimension}")]
public sealed partial class SparseVector : IEquatable<SparseVector>
{
    /// <summary>The dimension used when none is given: any <see cref="uint"/> index below <see cref="uint.MaxValue"/> is allowed.</summary>
    public const uint UnboundedDimension = uint.MaxValue;

    private readonly uint[] _indices;
    private readonly float[] _values;

    /// <summary>Creates a vector from copies of <paramref name="indices"/> and <paramref name="values"/>, validating them.</summary>
    /// <param name="indices">Term indices, strictly increasing.</param>
    /// <param name="values">One finite weight per index.</param>
    /// <param name="dimension">The size of the vocabulary; every index must be below it.</param>
    /// <exception cref="ArgumentException">The lengths differ, an index is out of order, repeated or beyond the dimension, or a value is NaN or infinite. The
    /// message names the offending position.</exception>
    public SparseVector(ReadOnlySpan<uint> indices, ReadOnlySpan<float> values, uint dimension = UnboundedDimension)
        : this(indices.ToArray(), values.ToArray(), dimension, validate: true)
    {
    }

    private SparseVector(uint[] indices, float[] values, uint dimension, bool validate)
    {
        if (validate)
        {
            Validate(indices, values, dimension);
        }
        else
        {
            Debug.Assert(IsValid(indices, values, dimension), "An unchecked SparseVector must still satisfy its invariants.");
        }

        _indices = indices;
        _values = values;
        Dimension = dimension;
    }

    /// <summary>The vector with no non-zero entries.</summary>
    public static SparseVector Empty { get; } = new([], [], UnboundedDimension, validate: false);

    /// <summary>The term indices, strictly increasing.</summary>
    public ReadOnlySpan<uint> Indices => _indices;

    /// <summary>The weights, one per entry of <see cref="Indices"/>.</summary>
    public ReadOnlySpan<float> Values => _values;

    /// <summary>The number of stored entries (non-zeros).</summary>
    public int Count => _indices.Length;

    /// <summary>The size of the vocabulary this vector lives in.</summary>
    public uint Dimension { get; }

    /// <summary>Takes ownership of the arrays without copying; for callers that have just built them.</summary>
    /// <remarks>Validates unless <paramref name="trusted"/> is set by internal code that guarantees the invariants.</remarks>
    internal static SparseVector FromOwnedArrays(uint[] indices, float[] values, uint dimension, bool trusted = false)
        => new(indices, values, dimension, validate: !trusted);

    /// <summary>Creates a vector from owned arrays, validating them; the caller must not modify the arrays afterwards.</summary>
    /// <exception cref="ArgumentException">As for the constructor.</exception>
    public static SparseVector Wrap(uint[] indices, float[] values, uint dimension = UnboundedDimension)
    {
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(values);
        return new SparseVector(indices, values, dimension, validate: true);
    }

    /// <summary>Builds a vector from the non-zero entries of a dense array; the dimension is the array's length.</summary>
    public static SparseVector FromDense(ReadOnlySpan<float> dense)
    {
        var count = 0;
        for (var i = 0; i < dense.Length; i++)
        {
            if (dense[i] != 0f)
            {
                count++;
            }
        }

        var indices = new uint[count];
        var values = new float[count];
        var next = 0;
        for (var i = 0; i < dense.Length; i++)
        {
            if (dense[i] != 0f)
            {
                indices[next] = (uint)i;
                values[next] = dense[i];
                next++;
            }
        }

        return new SparseVector(indices, values, (uint)dense.Length, validate: true);
    }

    /// <summary>Builds a vector from a term-to-weight map, in any order.</summary>
    /// <exception cref="ArgumentException">A weight is NaN or infinite, or a term is beyond <paramref name="dimension"/>.</exception>
    public static SparseVector FromDictionary(IReadOnlyDictionary<uint, float> weights, uint dimension = UnboundedDimension)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var indices = new uint[weights.Count];
        var values = new float[weights.Count];
        var next = 0;
        foreach (var (index, value) in weights)
        {
            indices[next] = index;
            values[next] = value;
            next++;
        }

        Array.Sort(indices, values);
        return new SparseVector(indices, values, dimension, validate: true);
    }

    /// <summary>Returns the entries as a term-to-weight dictionary.</summary>
    public Dictionary<uint, float> ToDictionary()
    {
        var result = new Dictionary<uint, float>(_indices.Length);
        for (var i = 0; i < _indices.Length; i++)
        {
            result[_indices[i]] = _values[i];
        }

        return result;
    }

    /// <summary>Returns the weight of <paramref name="index"/>, or zero where the vector has no entry for it.</summary>
    public float this[uint index]
    {
        get
        {
            var position = Array.BinarySearch(_indices, index);
            return position >= 0 ? _values[position] : 0f;
        }
    }

    /// <summary>Returns the same entries in a vocabulary of another size.</summary>
    /// <exception cref="ArgumentException">An index is beyond the new dimension.</exception>
    public SparseVector WithDimension(uint dimension) => new(_indices, _values, dimension, validate: true);

    /// <inheritdoc />
    public bool Equals(SparseVector? other)
        => other is not null
            && Dimension == other.Dimension
            && Indices.SequenceEqual(other.Indices)
            && MemoryMarshal.AsBytes(Values).SequenceEqual(MemoryMarshal.AsBytes(other.Values));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as SparseVector);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Dimension);
        hash.AddBytes(MemoryMarshal.AsBytes(Indices));
        hash.AddBytes(MemoryMarshal.AsBytes(Values));
        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() => $"SparseVector(nnz={Count}, dimension={Dimension})";
}
