namespace Splade.Retrieval.Evaluation;

/// <summary>The metrics of one query's ranking, or their means over a query set.</summary>
/// <param name="NdcgAt10">nDCG@10.</param>
/// <param name="MrrAt10">Reciprocal rank of the first relevant document within 10.</param>
/// <param name="RecallAt100">Recall@100.</param>
/// <param name="RecallAt1000">Recall@1000.</param>
/// <param name="PrecisionAt10">P@10.</param>
/// <param name="Map">Average precision over the whole ranking (at most 1000 documents).</param>
/// <remarks>Thread safety: an immutable value; it may be shared between threads.</remarks>
public sealed record QueryMetrics(double NdcgAt10, double MrrAt10, double RecallAt100, double RecallAt1000, double PrecisionAt10, double Map)
{
    /// <summary>Computes every metric of one ranking.</summary>
    /// <param name="ranking">Document ids, best first.</param>
    /// <param name="judgments">The query's judgments.</param>
    /// <returns>The metrics.</returns>
    public static QueryMetrics Compute(IReadOnlyList<string> ranking, IReadOnlyDictionary<string, int> judgments) => new(
        RankingMetrics.NdcgAt(ranking, judgments, 10),
        RankingMetrics.ReciprocalRankAt(ranking, judgments, 10),
        RankingMetrics.RecallAt(ranking, judgments, 100),
        RankingMetrics.RecallAt(ranking, judgments, 1000),
        RankingMetrics.PrecisionAt(ranking, judgments, 10),
        RankingMetrics.AveragePrecision(ranking, judgments));

    /// <summary>The arithmetic mean of each metric over <paramref name="perQuery"/>; all zero when it is empty.</summary>
    /// <param name="perQuery">The per-query metrics.</param>
    /// <returns>The means.</returns>
    public static QueryMetrics Mean(IReadOnlyCollection<QueryMetrics> perQuery)
    {
        ArgumentNullException.ThrowIfNull(perQuery);
        if (perQuery.Count == 0)
        {
            return new QueryMetrics(0, 0, 0, 0, 0, 0);
        }

        double ndcg = 0, mrr = 0, recall100 = 0, recall1000 = 0, precision = 0, map = 0;
        foreach (var metrics in perQuery)
        {
            ndcg += metrics.NdcgAt10;
            mrr += metrics.MrrAt10;
            recall100 += metrics.RecallAt100;
            recall1000 += metrics.RecallAt1000;
            precision += metrics.PrecisionAt10;
            map += metrics.Map;
        }

        double n = perQuery.Count;
        return new QueryMetrics(ndcg / n, mrr / n, recall100 / n, recall1000 / n, precision / n, map / n);
    }
}
