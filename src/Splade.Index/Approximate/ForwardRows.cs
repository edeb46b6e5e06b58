using Splade.Index.Search;
using Splade.Index.Segments;

namespace Splade.Index.Approximate;

/// <summary>A segment's forward rows (16-bit terms) and sequence numbers as spans, taken once per search: what approximate search
/// scores candidates from, reading the segment's own (memory-mapped) forward index.</summary>
internal readonly ref struct ForwardRows(Segment segment)
{
    private readonly ReadOnlySpan<long> _starts = segment.ForwardStarts;
    private readonly ReadOnlySpan<ushort> _indices = segment.NarrowForwardIndices;
    private readonly ReadOnlySpan<float> _values = segment.ForwardValues;

    /// <summary>Each document's insertion sequence number, the tie-breaker of equal scores.</summary>
    public ReadOnlySpan<long> Sequences { get; } = segment.Sequences;

    /// <summary>The term indices and weights of document <paramref name="ordinal"/>.</summary>
    public void Row(int ordinal, out ReadOnlySpan<ushort> indices, out ReadOnlySpan<float> values)
    {
        var start = (int)_starts[ordinal];
        var length = (int)_starts[ordinal + 1] - start;
        indices = _indices.Slice(start, length);
        values = _values.Slice(start, length);
    }

    /// <summary>Prefetches where document <paramref name="ordinal"/>'s row starts, and its sequence number: each is otherwise a
    /// cache miss paid before the row itself can be prefetched.</summary>
    public void PrefetchStart(int ordinal)
    {
        CacheHints.Prefetch(in _starts[ordinal]);
        CacheHints.Prefetch(in Sequences[ordinal]);
    }

    /// <summary>Prefetches document <paramref name="ordinal"/>'s row.</summary>
    public void Prefetch(int ordinal)
    {
        Row(ordinal, out var indices, out var values);
        CacheHints.Prefetch(indices);
        CacheHints.Prefetch(values);
    }
}
