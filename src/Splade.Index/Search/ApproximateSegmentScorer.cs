using System.Buffers;
using Splade.Core;
using Splade.Index.Approximate;

namespace Splade.Index.Search;

/// <summary>Searches one sealed segment through its approximate index and offers the candidates it finds, re-scored like every exact algorithm.</summary>
/// <remarks>
/// The acceptance predicate is the segment's live bitset and the metadata filter, so deleted, replaced and filtered-out documents are
/// never candidates. Candidates are re-scored with <see cref="SegmentSearchContext.ExactScore"/> so their scores are bit-identical to
/// the exact algorithms' and the engine's tie-breaking (insertion order) applies when segments are merged into one top k.
/// </remarks>
internal static class ApproximateSegmentScorer
{
    public static void Search(SegmentSearchContext context, ApproximateIndex approximate, ApproximateSearchOptions knobs)
    {
        var query = WithinDimension(context.Query, approximate.Dimension);
        if (query is null)
        {
            return;
        }

        var hits = ArrayPool<ScoredOrdinal>.Shared.Rent(knobs.K);
        try
        {
            var count = approximate.Search(query, knobs, context.Accepts, hits.AsSpan(0, knobs.K), out var counters);
            context.PostingsScored += counters.DocumentsScored;
            for (var i = 0; i < count; i++)
            {
                context.Offer(hits[i].Ordinal, context.ExactScore(hits[i].Ordinal));
            }
        }
        finally
        {
            ArrayPool<ScoredOrdinal>.Shared.Return(hits);
        }
    }

    /// <summary>The query without the terms the segment has none of (beyond its dimension), or null when no term is left.</summary>
    internal static SparseVector? WithinDimension(SparseVector query, uint dimension)
    {
        var kept = query.Indices.BinarySearch(dimension);
        kept = kept < 0 ? ~kept : kept;
        return kept == query.Count ? query : kept == 0 ? null : new SparseVector(query.Indices[..kept], query.Values[..kept]);
    }
}
