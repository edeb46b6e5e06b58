using Splade.Index.Approximate;
using Splade.Index.Search;

namespace Splade.Index.Segments;

/// <summary>
/// A segment's forward index seen as an <see cref="IForwardIndex"/>, so the approximate index builds from and re-scores against the segment's own
/// (memory-mapped) data.
/// </summary>
/// <remarks>
/// The dimension is the segment's largest term plus one: query terms beyond it match nothing in the segment. The approximate index
/// covers only segments whose terms are below 65,536, which are stored as u16 (<see cref="Segment.NarrowTerms"/>); a segment
/// written before that format (version 3 or older) stores them as u32, and its term indices are narrowed into one array here.
/// </remarks>
internal sealed class SegmentForwardIndex : IForwardIndex
{
    private readonly Segment _segment;
    private readonly ushort[]? _narrowedIndices;
    private readonly long[]? _narrowedStarts;

    public SegmentForwardIndex(Segment segment)
    {
        _segment = segment;
        Dimension = segment.TermCount == 0 ? 1u : segment.Terms[^1] + 1;
        if (segment.NarrowTerms || segment.DocumentCount == 0)
        {
            return;
        }

        if (Dimension > ApproximateIndex.MaxDimension)
        {
            throw new NotSupportedException(
                $"Segment {segment.Id} has term {Dimension - 1}; the approximate index supports terms below {ApproximateIndex.MaxDimension}.");
        }

        _narrowedStarts = new long[segment.DocumentCount + 1];
        _narrowedIndices = new ushort[segment.PostingCount];
        for (var ordinal = 0; ordinal < segment.DocumentCount; ordinal++)
        {
            segment.GetForward(ordinal, out ReadOnlySpan<uint> wide, out _);
            var start = _narrowedStarts[ordinal];
            for (var i = 0; i < wide.Length; i++)
            {
                _narrowedIndices[start + i] = (ushort)wide[i];
            }

            _narrowedStarts[ordinal + 1] = start + wide.Length;
        }
    }

    public int DocumentCount => _segment.DocumentCount;

    public uint Dimension { get; }

    public ReadOnlySpan<ushort> Indices(int ordinal)
    {
        if (_narrowedIndices is not null)
        {
            var start = (int)_narrowedStarts![ordinal];
            return _narrowedIndices.AsSpan(start, (int)_narrowedStarts[ordinal + 1] - start);
        }

        _segment.GetForward(ordinal, out ReadOnlySpan<ushort> indices, out _);
        return indices;
    }

    public ReadOnlySpan<float> Values(int ordinal) => _segment.GetForwardValues(ordinal);

    void IForwardIndex.PrefetchRowStart(int ordinal)
    {
        if (_narrowedStarts is not null)
        {
            CacheHints.Prefetch(in _narrowedStarts[ordinal]);
            return;
        }

        _segment.PrefetchForwardStart(ordinal);
    }
}
