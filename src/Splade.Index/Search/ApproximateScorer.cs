using System.Buffers;
using Splade.Index.Approximate;
using Splade.Index.Segments;

namespace Splade.Index.Search;

/// <summary>Searches one sealed segment through its approximate index and offers the candidates it finds, re-scored like every exact
/// algorithm.</summary>
/// <remarks>
/// The approximate index only visits documents its acceptance test passes: the segment's live bitset, and the filter when the search
/// has one, so deleted, replaced and filtered-out documents are never candidates. Candidates are re-scored with
/// <see cref="PreparedQuery.ExactScore"/>, so their scores are bit-identical to the exact algorithms' and the engine's tie-breaking
/// (insertion order) applies when segments are merged into one top k.
/// </remarks>
internal sealed class ApproximateScorer : ISegmentScorer
{
    private ApproximateScorer()
    {
    }

    public static ApproximateScorer Instance { get; } = new();

    public SearchAlgorithm Algorithm => SearchAlgorithm.Approximate;

    public bool CanScore(Segment segment) => segment.Approximate is not null;

    public void Score(PreparedQuery query, SegmentCollector collector)
    {
        var segment = collector.Segment;
        var approximate = segment.Approximate!;
        var knobs = query.Approximate;
        var hits = ArrayPool<ScoredOrdinal>.Shared.Rent(knobs.K);
        try
        {
            var destination = hits.AsSpan(0, knobs.K);
            var count = collector.Filter is { } filter
                ? approximate.Search(query.Scattered, query.Vector, knobs, new AcceptLiveAndFilter(collector.Live, filter), destination, out var counters)
                : approximate.Search(query.Scattered, query.Vector, knobs, new AcceptLive(collector.Live), destination, out counters);
            collector.Hits.AddWork(counters.DocumentsScored);
            for (var i = 0; i < count; i++)
            {
                collector.Offer(hits[i].Ordinal, query.ExactScore(segment, hits[i].Ordinal));
            }
        }
        finally
        {
            ArrayPool<ScoredOrdinal>.Shared.Return(hits);
        }
    }
}
