namespace Splade.Retrieval.Evaluation;

/// <summary>The metrics of a run against judgments: per query and averaged.</summary>
/// <remarks>
/// Averages are over the queries with at least one relevant judgment; such a query missing from the run scores zero.
/// Queries without a relevant judgment are left out.
/// <para>Thread safety: an immutable value; it may be shared between threads.</para>
/// </remarks>
/// <param name="PerQuery">Query id -> metrics, for every query in the average.</param>
/// <param name="Mean">The means over <paramref name="PerQuery"/>.</param>
public sealed record RunEvaluation(IReadOnlyDictionary<string, QueryMetrics> PerQuery, QueryMetrics Mean)
{
    /// <summary>Scores <paramref name="run"/> against <paramref name="qrels"/>.</summary>
    /// <param name="run">The run.</param>
    /// <param name="qrels">The judgments.</param>
    /// <returns>The evaluation.</returns>
    public static RunEvaluation Evaluate(TrecRun run, Qrels qrels)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(qrels);
        var perQuery = new Dictionary<string, QueryMetrics>(StringComparer.Ordinal);
        foreach (var queryId in qrels.QueryIds)
        {
            if (qrels.HasRelevant(queryId))
            {
                perQuery[queryId] = QueryMetrics.Compute(run.RankingOf(queryId), qrels.For(queryId));
            }
        }

        return new RunEvaluation(perQuery, QueryMetrics.Mean(perQuery.Values));
    }
}
