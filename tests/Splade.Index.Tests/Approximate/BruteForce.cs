using Splade.Core;
using Splade.Index.Search;

namespace Splade.Index.Tests.Approximate;

/// <summary>The oracle: scores every document with a merge-based sparse dot product and sorts (score descending, ordinal ascending).</summary>
internal static class BruteForce
{
    public static List<ScoredOrdinal> TopK(IReadOnlyList<SparseVector> documents, SparseVector query, int k, Func<int, bool>? accept = null)
    {
        var scored = new List<ScoredOrdinal>();
        for (var ordinal = 0; ordinal < documents.Count; ordinal++)
        {
            if (accept is not null && !accept(ordinal))
            {
                continue;
            }

            var score = query.Dot(documents[ordinal]);
            if (score > 0f)
            {
                scored.Add(Hit(ordinal, score));
            }
        }

        return [.. scored.OrderByDescending(hit => hit.Score).ThenBy(hit => hit.Ordinal).Take(k)];
    }

    /// <summary>A hit of a standalone approximate index, whose tie-breaker is the ordinal.</summary>
    public static ScoredOrdinal Hit(int ordinal, float score) => new(score, ordinal, 0, ordinal);

    public static double Recall(IReadOnlyList<ScoredOrdinal> found, IReadOnlyList<ScoredOrdinal> exact)
    {
        if (exact.Count == 0)
        {
            return 1d;
        }

        var expected = exact.Select(hit => hit.Ordinal).ToHashSet();
        return (double)found.Count(hit => expected.Contains(hit.Ordinal)) / exact.Count;
    }
}
