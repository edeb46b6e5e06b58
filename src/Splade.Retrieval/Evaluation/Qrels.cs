namespace Splade.Retrieval.Evaluation;

/// <summary>Relevance judgments: for each query, the graded relevance of the documents judged for it.</summary>
/// <remarks>
/// A grade above zero means relevant, and the grade is the gain nDCG uses; a grade of zero or below means judged
/// not relevant. Documents that were never judged count as not relevant.
/// <para>Thread safety: immutable once built; it may be read from any number of threads at once.</para>
/// </remarks>
public sealed class Qrels
{
    private readonly Dictionary<string, Dictionary<string, int>> _judgments;

    /// <summary>Creates judgments from query id -> (document id -> grade).</summary>
    /// <param name="judgments">The judgments; copied.</param>
    public Qrels(IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> judgments)
    {
        ArgumentNullException.ThrowIfNull(judgments);
        _judgments = new Dictionary<string, Dictionary<string, int>>(judgments.Count, StringComparer.Ordinal);
        foreach (var (queryId, grades) in judgments)
        {
            _judgments[queryId] = new Dictionary<string, int>(grades, StringComparer.Ordinal);
        }
    }

    internal Qrels(Dictionary<string, Dictionary<string, int>> judgments) => _judgments = judgments;

    /// <summary>The ids of the queries with at least one judgment.</summary>
    public IEnumerable<string> QueryIds => _judgments.Keys;

    /// <summary>The number of judgments over all queries.</summary>
    public int JudgmentCount
    {
        get
        {
            var count = 0;
            foreach (var grades in _judgments.Values)
            {
                count += grades.Count;
            }

            return count;
        }
    }

    /// <summary>The judgments of one query (document id -> grade), empty when the query has none.</summary>
    /// <param name="queryId">The query id.</param>
    /// <returns>The judgments.</returns>
    public IReadOnlyDictionary<string, int> For(string queryId) =>
        _judgments.TryGetValue(queryId, out var grades) ? grades : EmptyGrades;

    /// <summary>True when the query has at least one document judged relevant (grade above zero).</summary>
    /// <param name="queryId">The query id.</param>
    /// <returns>Whether the query counts in averages.</returns>
    public bool HasRelevant(string queryId)
    {
        foreach (var grade in For(queryId).Values)
        {
            if (grade > 0)
            {
                return true;
            }
        }

        return false;
    }

    private static readonly Dictionary<string, int> EmptyGrades = new(StringComparer.Ordinal);
}
