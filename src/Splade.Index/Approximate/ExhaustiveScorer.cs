using Splade.Core;
using Splade.Core.Ranking;
using Splade.Index.Search;

namespace Splade.Index.Approximate;

/// <summary>Scores every document of a forward index against a query: the exact top k the approximate search is measured against.</summary>
internal static class ExhaustiveScorer
{
    public static ScoredOrdinal[] TopK(IForwardIndex forward, SparseVector query, int k, Func<int, bool>? accept = null)
    {
        var dense = new float[forward.Dimension];
        DenseQueryKernels.Scatter(query, dense);

        var heap = new TopK<ScoredOrdinal, ScoredOrdinal.BestFirst>(k);
        for (var ordinal = 0; ordinal < forward.DocumentCount; ordinal++)
        {
            if (accept is not null && !accept(ordinal))
            {
                continue;
            }

            var score = DenseQueryKernels.Dot(dense, forward.Indices(ordinal), forward.Values(ordinal));
            if (score > 0f)
            {
                heap.Offer(new ScoredOrdinal(score, ordinal, 0, ordinal));
            }
        }

        var hits = new ScoredOrdinal[heap.Count];
        heap.DrainBestFirst(hits);
        return hits;
    }
}
