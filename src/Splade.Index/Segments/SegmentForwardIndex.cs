using Splade.Index.Approximate;

namespace Splade.Index.Segments;

/// <summary>A segment's forward index seen as an <see cref="IForwardIndex"/>, so the approximate index builds from and re-scores against the segment's own (memory-mapped) data.</summary>
/// <remarks>The dimension is the segment's largest term plus one: query terms beyond it match nothing in the segment.</remarks>
internal sealed class SegmentForwardIndex(Segment segment) : IForwardIndex
{
    public int DocumentCount => segment.DocumentCount;

    public uint Dimension { get; } = segment.TermCount == 0 ? 1u : segment.Terms[^1] + 1;

    public ReadOnlySpan<uint> Indices(int ordinal)
    {
        segment.GetForward(ordinal, out var indices, out _);
        return indices;
    }

    public ReadOnlySpan<float> Values(int ordinal)
    {
        segment.GetForward(ordinal, out _, out var values);
        return values;
    }
}
