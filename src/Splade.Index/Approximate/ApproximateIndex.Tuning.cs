using Splade.Core;
using Splade.Index.Search;

namespace Splade.Index.Approximate;

internal sealed partial class ApproximateIndex
{
    private static readonly int[] CandidateQueryTerms = [2, 3, 4, 5, 6, 8, 10, 12, 16, 20, 24, 32, 48, 64];
    private static readonly float[] CandidateHeapFactors =
    [
        4f, 3f, 2.5f, 2f, 1.7f, 1.5f, 1.4f, 1.3f, 1.2f, 1.1f, 1f, 0.95f, 0.9f, 0.85f, 0.8f, 0.75f, 0.7f, 0.6f, 0.5f, 0.4f, 0.3f,
    ];

    /// <summary>
    /// Picks the query-time knobs (<see cref="ApproximateSearchOptions.QueryTerms"/>, <see cref="ApproximateSearchOptions.HeapFactor"/>)
    /// that reach <paramref name="targetRecall"/> on <paramref name="sampleQueries"/> with the least work.
    /// </summary>
    /// <param name="sampleQueries">Queries like the expected workload; their exact top k come from scoring every document.</param>
    /// <param name="targetRecall">The mean recall@k to reach, in (0, 1].</param>
    /// <param name="k">The number of results the recall is measured at.</param>
    /// <param name="cancellationToken">Cancels the tuning.</param>
    /// <returns>The chosen knobs with the recall and work they achieved on the sample.</returns>
    /// <remarks>
    /// Work is counted, not timed, so the choice is deterministic: the number of summary entries read plus the number of document
    /// entries re-scored. The build-time knobs are fixed once the index is built; when no candidate reaches the target the result
    /// says so and carries the most accurate knobs.
    /// </remarks>
    public ApproximateTuningResult Tune(
        IReadOnlyList<SparseVector> sampleQueries,
        double targetRecall,
        int k = 10,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sampleQueries);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        if (!(targetRecall > 0d && targetRecall <= 1d))
        {
            throw new ArgumentOutOfRangeException(nameof(targetRecall), targetRecall, "The target recall must be in (0, 1].");
        }

        if (sampleQueries.Count == 0)
        {
            throw new ArgumentException("Tuning needs at least one sample query.", nameof(sampleQueries));
        }

        var exact = new HashSet<int>[sampleQueries.Count];
        for (var q = 0; q < sampleQueries.Count; q++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            exact[q] = [.. ExhaustiveScorer.TopK(_segment, sampleQueries[q], k).Select(hit => hit.Ordinal)];
        }

        var entries = _segment.PostingCount;
        var meanDocument = DocumentCount == 0 ? 0d : (double)entries / DocumentCount;
        ApproximateTuningResult? best = null;
        var bestCost = double.MaxValue;
        var fallback = Evaluate(ApproximateSearchOptions.Exhaustive with { K = k }, sampleQueries, exact, meanDocument, out _);
        foreach (var queryTerms in CandidateQueryTerms)
        {
            foreach (var heapFactor in CandidateHeapFactors)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var candidate = Evaluate(
                    new ApproximateSearchOptions { K = k, QueryTerms = queryTerms, HeapFactor = heapFactor }, sampleQueries, exact, meanDocument, out var cost);
                if (candidate.Recall >= targetRecall && cost < bestCost)
                {
                    best = candidate;
                    bestCost = cost;
                }
            }
        }

        return best is null
            ? fallback with { ReachedTarget = fallback.Recall >= targetRecall }
            : best with { ReachedTarget = true };
    }

    private ApproximateTuningResult Evaluate(
        ApproximateSearchOptions options,
        IReadOnlyList<SparseVector> queries,
        HashSet<int>[] exact,
        double meanDocument,
        out double cost)
    {
        var hits = new ScoredOrdinal[options.K];
        double recallSum = 0, work = 0, scored = 0;
        var measured = 0;
        var meanSummary = BlockCount == 0 ? 0d : (double)SummaryEntryCount / BlockCount;
        for (var q = 0; q < queries.Count; q++)
        {
            var count = Search(queries[q], options, null, hits, out var counters);
            scored += counters.DocumentsScored;
            work += (counters.BlocksProbed * meanSummary) + (counters.DocumentsScored * meanDocument);
            if (exact[q].Count == 0)
            {
                continue;
            }

            var found = 0;
            for (var i = 0; i < count; i++)
            {
                if (exact[q].Contains(hits[i].Ordinal))
                {
                    found++;
                }
            }

            recallSum += (double)found / exact[q].Count;
            measured++;
        }

        cost = work / queries.Count;
        var recall = measured == 0 ? 1d : recallSum / measured;
        return new ApproximateTuningResult(options, recall, ReachedTarget: false, scored / queries.Count);
    }
}
