namespace Splade.Retrieval.Evaluation;

/// <summary>Per-query ranking metrics computed as trec_eval computes them.</summary>
/// <remarks>
/// Every method takes a ranking (document ids, best first, at most the evaluation depth) and the query's judgments
/// (document id -> grade). A grade above zero is relevant; unjudged documents are not relevant. nDCG uses the grade as
/// the gain and <c>log2(rank + 1)</c> as the discount, with the ideal ranking built from all the query's judgments
/// (trec_eval's <c>ndcg_cut</c>). Precision at k divides by k even when fewer documents were retrieved. Average
/// precision divides by the number of relevant documents judged, retrieved or not.
/// </remarks>
internal static class RankingMetrics
{
    /// <summary>Normalised discounted cumulative gain over the first <paramref name="k"/> ranks.</summary>
    /// <param name="ranking">Document ids, best first.</param>
    /// <param name="judgments">The query's judgments.</param>
    /// <param name="k">The cutoff.</param>
    /// <returns>nDCG@k in [0, 1]; 0 when nothing is relevant.</returns>
    public static double NdcgAt(IReadOnlyList<string> ranking, IReadOnlyDictionary<string, int> judgments, int k)
    {
        Validate(ranking, judgments, k);
        var dcg = 0.0;
        var depth = Math.Min(k, ranking.Count);
        for (var i = 0; i < depth; i++)
        {
            var grade = GradeOf(ranking[i], judgments);
            if (grade > 0)
            {
                dcg += grade / Math.Log2(i + 2);
            }
        }

        var ideal = IdealDcg(judgments, k);
        return ideal > 0 ? dcg / ideal : 0;
    }

    /// <summary>The reciprocal of the rank of the first relevant document within the first <paramref name="k"/>.</summary>
    /// <param name="ranking">Document ids, best first.</param>
    /// <param name="judgments">The query's judgments.</param>
    /// <param name="k">The cutoff.</param>
    /// <returns>1/rank, or 0 when no relevant document is in the first k.</returns>
    public static double ReciprocalRankAt(IReadOnlyList<string> ranking, IReadOnlyDictionary<string, int> judgments, int k)
    {
        Validate(ranking, judgments, k);
        var depth = Math.Min(k, ranking.Count);
        for (var i = 0; i < depth; i++)
        {
            if (GradeOf(ranking[i], judgments) > 0)
            {
                return 1.0 / (i + 1);
            }
        }

        return 0;
    }

    /// <summary>The fraction of the relevant documents found in the first <paramref name="k"/>.</summary>
    /// <param name="ranking">Document ids, best first.</param>
    /// <param name="judgments">The query's judgments.</param>
    /// <param name="k">The cutoff.</param>
    /// <returns>Recall@k; 0 when nothing is relevant.</returns>
    public static double RecallAt(IReadOnlyList<string> ranking, IReadOnlyDictionary<string, int> judgments, int k)
    {
        Validate(ranking, judgments, k);
        var relevant = CountRelevant(judgments);
        return relevant == 0 ? 0 : (double)RelevantInTop(ranking, judgments, k) / relevant;
    }

    /// <summary>The fraction of the first <paramref name="k"/> ranks holding a relevant document.</summary>
    /// <param name="ranking">Document ids, best first.</param>
    /// <param name="judgments">The query's judgments.</param>
    /// <param name="k">The cutoff.</param>
    /// <returns>P@k.</returns>
    public static double PrecisionAt(IReadOnlyList<string> ranking, IReadOnlyDictionary<string, int> judgments, int k)
    {
        Validate(ranking, judgments, k);
        return (double)RelevantInTop(ranking, judgments, k) / k;
    }

    /// <summary>Average precision over the whole ranking, divided by the number of relevant documents judged.</summary>
    /// <param name="ranking">Document ids, best first.</param>
    /// <param name="judgments">The query's judgments.</param>
    /// <returns>AP; 0 when nothing is relevant.</returns>
    public static double AveragePrecision(IReadOnlyList<string> ranking, IReadOnlyDictionary<string, int> judgments)
    {
        Validate(ranking, judgments, 1);
        var relevant = CountRelevant(judgments);
        if (relevant == 0)
        {
            return 0;
        }

        var found = 0;
        var sum = 0.0;
        for (var i = 0; i < ranking.Count; i++)
        {
            if (GradeOf(ranking[i], judgments) > 0)
            {
                found++;
                sum += (double)found / (i + 1);
            }
        }

        return sum / relevant;
    }

    private static double IdealDcg(IReadOnlyDictionary<string, int> judgments, int k)
    {
        var grades = new List<int>(judgments.Count);
        foreach (var grade in judgments.Values)
        {
            if (grade > 0)
            {
                grades.Add(grade);
            }
        }

        grades.Sort((a, b) => b.CompareTo(a));
        var ideal = 0.0;
        for (var i = 0; i < Math.Min(k, grades.Count); i++)
        {
            ideal += grades[i] / Math.Log2(i + 2);
        }

        return ideal;
    }

    private static int RelevantInTop(IReadOnlyList<string> ranking, IReadOnlyDictionary<string, int> judgments, int k)
    {
        var count = 0;
        var depth = Math.Min(k, ranking.Count);
        for (var i = 0; i < depth; i++)
        {
            if (GradeOf(ranking[i], judgments) > 0)
            {
                count++;
            }
        }

        return count;
    }

    private static int CountRelevant(IReadOnlyDictionary<string, int> judgments)
    {
        var count = 0;
        foreach (var grade in judgments.Values)
        {
            if (grade > 0)
            {
                count++;
            }
        }

        return count;
    }

    private static int GradeOf(string documentId, IReadOnlyDictionary<string, int> judgments) =>
        judgments.TryGetValue(documentId, out var grade) ? grade : 0;

    private static void Validate(IReadOnlyList<string> ranking, IReadOnlyDictionary<string, int> judgments, int k)
    {
        ArgumentNullException.ThrowIfNull(ranking);
        ArgumentNullException.ThrowIfNull(judgments);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
    }
}
