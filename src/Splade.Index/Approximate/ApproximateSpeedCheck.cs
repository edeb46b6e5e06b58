using Splade.Core;

namespace Splade.Index.Approximate;

/// <summary>Decides at build time whether approximate search is worth it: it must beat the exact search the index would otherwise
/// run by a margin, per query, on pseudo-queries of the shapes the index may be asked.</summary>
/// <remarks>
/// <para>A 2-core machine shared with other work is noisy: a search preempted once can take ten times its cost. So every query is
/// timed with both algorithms in each of <see cref="Rounds"/> rounds (after a warm-up round, alternating which goes first), each
/// query keeps its best time per algorithm, and the sums of those best times are compared. Approximate search is chosen only when
/// its sum times <see cref="Margin"/> is at most the exact sum: when the two are close, exact search (which needs no estimate) wins.</para>
/// <para>Documents sampled from the collection are longer than most queries (SPLADE documents hold two to four times as many terms as
/// queries), and exact search slows down with query length faster than approximate search, whose cost follows its own query-term
/// cut. So sampled documents are timed twice: whole, and cut to their <see cref="QueryShapeTerms"/> heaviest terms; approximate search
/// must win on both. Given tuning queries are the workload itself and are timed as they are.</para>
/// </remarks>
internal static class ApproximateSpeedCheck
{
    /// <summary>Timed rounds after the warm-up round.</summary>
    public const int Rounds = 5;

    /// <summary>How much cheaper approximate search must be: its summed per-query best time times this is at most exact search's.</summary>
    public const double Margin = 1.15;

    /// <summary>The length sampled documents are cut to for the query-shaped timing: about what SPLADE query encoders keep (the shipped
    /// model's queries hold 45 to 60 terms).</summary>
    public const int QueryShapeTerms = 32;

    /// <summary>The summed per-query best times of both algorithms over one set of queries.</summary>
    /// <param name="Exact">Exact search's sum, in the time unit of the timer.</param>
    /// <param name="Approximate">Approximate search's sum.</param>
    public readonly record struct Costs(double Exact, double Approximate)
    {
        /// <summary>Whether approximate search is cheaper by at least <see cref="Margin"/>.</summary>
        public bool ApproximateWins => Approximate * Margin <= Exact;
    }

    /// <summary>Times <paramref name="queryCount"/> queries with both algorithms: <paramref name="time"/>(query, approximate) runs
    /// one search and returns how long it took. Returns each algorithm's sum over queries of the query's best time.</summary>
    public static Costs Measure(int queryCount, Func<int, bool, double> time, int rounds = Rounds)
    {
        ArgumentNullException.ThrowIfNull(time);
        var bestExact = new double[queryCount];
        var bestApproximate = new double[queryCount];
        Array.Fill(bestExact, double.PositiveInfinity);
        Array.Fill(bestApproximate, double.PositiveInfinity);
        for (var round = -1; round < rounds; round++)
        {
            for (var q = 0; q < queryCount; q++)
            {
                // Alternate which algorithm runs first, so neither always meets the caches the other left.
                double exact, approximate;
                if (((round + q) & 1) == 0)
                {
                    exact = time(q, false);
                    approximate = time(q, true);
                }
                else
                {
                    approximate = time(q, true);
                    exact = time(q, false);
                }

                if (round >= 0)
                {
                    bestExact[q] = Math.Min(bestExact[q], exact);
                    bestApproximate[q] = Math.Min(bestApproximate[q], approximate);
                }
            }
        }

        double exactSum = 0, approximateSum = 0;
        for (var q = 0; q < queryCount; q++)
        {
            exactSum += bestExact[q];
            approximateSum += bestApproximate[q];
        }

        return new Costs(exactSum, approximateSum);
    }

    /// <summary>The query shapes to time: <paramref name="queries"/> as they are, and, when they are sampled documents, each cut to
    /// its <see cref="QueryShapeTerms"/> heaviest terms (when any is longer than that).</summary>
    public static List<IReadOnlyList<SparseVector>> Shapes(IReadOnlyList<SparseVector> queries, bool sampledDocuments)
    {
        var shapes = new List<IReadOnlyList<SparseVector>> { queries };
        if (!sampledDocuments)
        {
            return shapes;
        }

        var cut = new List<SparseVector>(queries.Count);
        var anyLonger = false;
        foreach (var query in queries)
        {
            anyLonger |= query.Count > QueryShapeTerms;
            cut.Add(query.Count > QueryShapeTerms ? query.TopK(QueryShapeTerms) : query);
        }

        if (anyLonger)
        {
            shapes.Add(cut);
        }

        return shapes;
    }
}
