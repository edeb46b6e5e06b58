using Splade.Index.Filters;
using Splade.Index.Segments;

namespace Splade.Index.Search;

/// <summary>One segment's door into the search's <see cref="HitCollector"/>: offers the segment's documents with their sequence
/// numbers, applying the filter only to documents that would enter the top k.</summary>
/// <remarks>Immutable apart from the collector it feeds; a scorer gets one per segment it scores.</remarks>
internal sealed class SegmentCollector(HitCollector hits, SegmentView view, int segment, SegmentFilter? filter)
{
    /// <summary>The search's collector, shared by every segment.</summary>
    public HitCollector Hits { get; } = hits;

    public SegmentView View { get; } = view;

    public Segment Segment => View.Segment;

    public LiveDocuments Live => View.Live;

    /// <summary>The filter bound to this segment, or null when the search has none.</summary>
    public SegmentFilter? Filter { get; } = filter;

    /// <summary>Whether document <paramref name="ordinal"/> passes the filter (true without one).</summary>
    public bool PassesFilter(int ordinal) => Filter is null || Filter.Matches(ordinal);

    /// <summary>Offers a live document with its exact score; the filter runs only when it would enter the top k.</summary>
    public void Offer(int ordinal, float score)
    {
        var sequence = Segment.Sequences[ordinal];
        if (Hits.WouldKeep(score, sequence) && PassesFilter(ordinal))
        {
            Hits.Offer(new ScoredOrdinal(score, sequence, segment, ordinal));
        }
    }
}
