using Splade.Core;
using Splade.Index.Filters;
using Splade.Index.Segments;

namespace Splade.Index.Search;

/// <summary>What a scorer needs to search one segment: the query, the segment view, the collector and the filter.</summary>
internal sealed class SegmentSearchContext(SparseVector query, TopKCollector collector, MetadataFilter? filter)
{
    public SparseVector Query { get; } = query;

    public TopKCollector Collector { get; } = collector;

    public long PostingsScored { get; set; }

    public SegmentView View { get; private set; } = null!;

    public int SegmentIndex { get; private set; }

    public void Enter(SegmentView view, int segmentIndex)
    {
        View = view;
        SegmentIndex = segmentIndex;
    }

    /// <summary>The exact score of a document: the dot product with its forward vector, summed in ascending term order like a brute-force scan.</summary>
    public float ExactScore(int ordinal)
    {
        var segment = View.Segment;
        if (segment.NarrowTerms)
        {
            segment.GetForward(ordinal, out ReadOnlySpan<ushort> narrow, out var narrowValues);
            return SparseKernels.Dot(Query.Indices, Query.Values, narrow, narrowValues);
        }

        segment.GetForward(ordinal, out ReadOnlySpan<uint> indices, out var values);
        return SparseKernels.Dot(Query.Indices, Query.Values, indices, values);
    }

    /// <summary>
    /// Whether document <paramref name="ordinal"/> of the current segment is live and passes the filter: the approximate index's acceptance predicate.
    /// </summary>
    public bool Accepts(int ordinal)
        => View.Live.IsLive(ordinal) && (filter is null || filter.Matches(View.Segment.GetMetadata(ordinal)));

    /// <summary>Whether document <paramref name="ordinal"/> of the current segment passes the filter (true without one).</summary>
    public bool PassesFilter(int ordinal) => filter is null || filter.Matches(View.Segment.GetMetadata(ordinal));

    /// <summary>Offers a live candidate; the filter runs only when the candidate would enter the top k.</summary>
    public void Offer(int ordinal, float score)
    {
        var sequence = View.Segment.Sequences[ordinal];
        if (!Collector.WouldAccept(score, sequence))
        {
            return;
        }

        if (filter is not null && !filter.Matches(View.Segment.GetMetadata(ordinal)))
        {
            return;
        }

        Collector.Offer(new ScoredDocument(score, sequence, SegmentIndex, ordinal));
    }
}
