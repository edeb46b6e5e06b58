using System.Diagnostics.CodeAnalysis;
using Splade.Core;
using Splade.Index.Search;

namespace Splade.Index.Approximate;

/// <summary>
/// An in-memory forward index laid out for re-scoring: every document's terms and weights in two contiguous arrays, addressed by an offset table.
/// </summary>
/// <remarks>
/// Re-scoring a candidate scatters the query once into a dense array of <see cref="Dimension"/> floats and then gathers that
/// array at the document's term indices; keeping all documents' indices and weights back to back makes that gather a linear
/// walk through memory. The structure is immutable after <see cref="Create"/>.
/// </remarks>
internal sealed class ForwardIndex : IForwardIndex
{
    private readonly long[] _offsets;
    private readonly ushort[] _indices;
    private readonly float[] _values;

    private ForwardIndex(long[] offsets, ushort[] indices, float[] values, uint dimension)
    {
        _offsets = offsets;
        _indices = indices;
        _values = values;
        Dimension = dimension;
    }

    /// <inheritdoc />
    public int DocumentCount => _offsets.Length - 1;

    /// <inheritdoc />
    public uint Dimension { get; }

    /// <summary>The total number of stored (term, weight) entries.</summary>
    public long EntryCount => _offsets[^1];

    /// <summary>The bytes held by the index's arrays.</summary>
    public long MemoryBytes => (_offsets.LongLength * sizeof(long)) + (_indices.LongLength * sizeof(ushort)) + (_values.LongLength * sizeof(float));

    /// <summary>Copies <paramref name="documents"/> into a forward index; the list position is the ordinal.</summary>
    /// <param name="documents">The document vectors, in ordinal order.</param>
    /// <param name="dimension">The vocabulary size; every term index must be below it.</param>
    /// <exception cref="ArgumentException">A document is null or has a term index at or beyond <paramref name="dimension"/>; the message names the
    /// ordinal.</exception>
    /// <exception cref="NotSupportedException"><paramref name="dimension"/> is above <see cref="ApproximateIndex.MaxDimension"/>.</exception>
    public static ForwardIndex Create(IReadOnlyList<SparseVector> documents, uint dimension)
    {
        ArgumentNullException.ThrowIfNull(documents);
        if (dimension > ApproximateIndex.MaxDimension)
        {
            throw new NotSupportedException($"The vocabulary has {dimension} terms; the approximate index supports at most {ApproximateIndex.MaxDimension}.");
        }

        var offsets = new long[documents.Count + 1];
        for (var ordinal = 0; ordinal < documents.Count; ordinal++)
        {
            var document = documents[ordinal] ?? throw new ArgumentException($"Document {ordinal} is null.", nameof(documents));
            if (document.Count > 0 && document.Indices[^1] >= dimension)
            {
                ThrowBeyondDimension(ordinal, document.Indices[^1], dimension, nameof(documents));
            }

            offsets[ordinal + 1] = offsets[ordinal] + document.Count;
        }

        var indices = new ushort[offsets[^1]];
        var values = new float[offsets[^1]];
        for (var ordinal = 0; ordinal < documents.Count; ordinal++)
        {
            var document = documents[ordinal];
            var start = (int)offsets[ordinal];
            var terms = document.Indices;
            for (var i = 0; i < terms.Length; i++)
            {
                indices[start + i] = (ushort)terms[i];
            }

            document.Values.CopyTo(values.AsSpan((int)offsets[ordinal]));
        }

        return new ForwardIndex(offsets, indices, values, dimension);
    }

    /// <summary>Takes ownership of already laid-out arrays (for generators that write them directly); the caller guarantees their consistency.</summary>
    internal static ForwardIndex FromArrays(long[] offsets, ushort[] indices, float[] values, uint dimension)
        => new(offsets, indices, values, dimension);

    /// <inheritdoc />
    public ReadOnlySpan<ushort> Indices(int ordinal)
    {
        var start = _offsets[ordinal];
        return _indices.AsSpan((int)start, (int)(_offsets[ordinal + 1] - start));
    }

    /// <inheritdoc />
    public ReadOnlySpan<float> Values(int ordinal)
    {
        var start = _offsets[ordinal];
        return _values.AsSpan((int)start, (int)(_offsets[ordinal + 1] - start));
    }

    [DoesNotReturn]
    private static void ThrowBeyondDimension(int ordinal, uint index, uint dimension, string paramName)
        => throw new ArgumentException($"Document {ordinal} has term index {index}, beyond the dimension {dimension}.", paramName);

    void IForwardIndex.PrefetchRowStart(int ordinal) => CacheHints.Prefetch(in _offsets[ordinal]);
}
