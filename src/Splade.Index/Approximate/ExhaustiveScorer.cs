using Splade.Core;
using Splade.Core.Ranking;
using Splade.Index.Search;
using Splade.Index.Segments;

namespace Splade.Index.Approximate;

/// <summary>Scores every document of a segment against a query: the exact top k the approximate search is measured against.</summary>
internal static class ExhaustiveScorer
{
    public static ScoredOrdinal[] TopK(Segment segment, SparseVector query, int k, Func<int, bool>? accept = null)
    {
        var dense = new float[ApproximateIndex.MaxDimension];
        DenseQueryKernels.Scatter(query, dense);
        var rows = new ForwardRows(segment);
        var heap = new TopK<ScoredOrdinal, ScoredOrdinal.BestFirst>(k);
        for (var ordinal = 0; ordinal < segment.DocumentCount; ordinal++)
        {
            if (accept is not null && !accept(ordinal))
            {
                continue;
            }

            rows.Row(ordinal, out var indices, out var values);
            var score = DenseQueryKernels.Dot(dense, indices, values);
            if (score > 0f)
            {
                heap.Offer(new ScoredOrdinal(score, rows.Sequences[ordinal], 0, ordinal));
            }
        }

        var hits = new ScoredOrdinal[heap.Count];
        heap.DrainBestFirst(hits);
        return hits;
    }
}
