using Splade.Index;

namespace Splade.Retrieval.Evaluation;

/// <summary>A run: for each query, the documents a retrieval method returned with their scores.</summary>
/// <remarks>
/// <see cref="RankingOf"/> orders a query's documents the way trec_eval does before scoring: by score descending,
/// ties by document id in descending ordinal order, and keeps at most <see cref="MaxDepth"/> documents.
/// <para>Thread safety: not thread-safe while it is filled: call Set from one thread at a time; once filled, any number of threads may read it.</para>
/// </remarks>
public sealed class TrecRun
{
    /// <summary>The most documents per query that evaluation looks at.</summary>
    public const int MaxDepth = 1000;

    private readonly Dictionary<string, SearchHit[]> _results = new(StringComparer.Ordinal);

    /// <summary>The queries that have results, in no particular order.</summary>
    public IEnumerable<string> QueryIds => _results.Keys;

    /// <summary>The number of queries with results.</summary>
    public int Count => _results.Count;

    /// <summary>Sets the results of one query, replacing any earlier ones.</summary>
    /// <param name="queryId">The query id.</param>
    /// <param name="results">The documents and scores, in any order.</param>
    public void Set(string queryId, IReadOnlyList<SearchHit> results)
    {
        ArgumentException.ThrowIfNullOrEmpty(queryId);
        ArgumentNullException.ThrowIfNull(results);
        var copy = new SearchHit[results.Count];
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = results[i];
        }

        Array.Sort(copy, CompareAsTrecEval);
        _results[queryId] = copy;
    }

    /// <summary>The results of one query in trec_eval order (all of them, not cut at <see cref="MaxDepth"/>).</summary>
    /// <param name="queryId">The query id.</param>
    /// <returns>The results; empty when the query has none.</returns>
    public IReadOnlyList<SearchHit> ResultsOf(string queryId) =>
        _results.TryGetValue(queryId, out var results) ? results : [];

    /// <summary>The document ids of one query in trec_eval order, at most <see cref="MaxDepth"/> of them.</summary>
    /// <param name="queryId">The query id.</param>
    /// <returns>The ranking; empty when the query has no results.</returns>
    public IReadOnlyList<string> RankingOf(string queryId)
    {
        var results = ResultsOf(queryId);
        var ranking = new string[Math.Min(results.Count, MaxDepth)];
        for (var i = 0; i < ranking.Length; i++)
        {
            ranking[i] = results[i].Id;
        }

        return ranking;
    }

    private static int CompareAsTrecEval(SearchHit left, SearchHit right)
    {
        var byScore = right.Score.CompareTo(left.Score);
        return byScore != 0 ? byScore : string.CompareOrdinal(right.Id, left.Id);
    }
}
