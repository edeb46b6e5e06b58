using Splade.Core;
using Splade.Index.Approximate;
using Splade.Index.Search;
using Splade.Index.Segments;
using Splade.Index.Writing;

namespace Splade.Index;

public sealed partial class SparseIndex
{
    /// <summary>
    /// Tunes the approximate query knobs for <paramref name="targetRecall"/> on <paramref name="sampleQueries"/>, keeps them in the index
    /// (later searches and opens use them) and returns them with the recall the whole engine measured with them.
    /// </summary>
    /// <param name="sampleQueries">Queries like the expected workload (documents of the collection serve when no queries are at hand).</param>
    /// <param name="targetRecall">The mean recall@k to reach, in (0, 1].</param>
    /// <param name="k">The number of results the recall is measured at.</param>
    /// <returns>The chosen knobs; <see cref="ApproximateTuningResult.Recall"/> is the engine's mean recall@k against exact search on the sample.</returns>
    /// <remarks>
    /// Flushes first, so every document is in a sealed segment. Each segment's approximate index is tuned on its own
    /// (<see cref="ApproximateIndex.Tune"/>); the engine keeps the most careful of the segments' knobs (the most query terms, and the
    /// latest stop: the largest heap factor, or zero), then measures them end to end. Run it after <see cref="Merge"/> to tune the one segment searches will
    /// see.
    /// </remarks>
    /// <exception cref="InvalidOperationException">The index builds no approximate indexes, or no sealed segment has one yet.</exception>
    public ApproximateTuningResult TuneApproximate(IReadOnlyList<SparseVector> sampleQueries, double targetRecall, int k = 10)
    {
        ArgumentNullException.ThrowIfNull(sampleQueries);
        ValidateK(k);
        if (!(targetRecall > 0d && targetRecall <= 1d))
        {
            throw new ArgumentOutOfRangeException(nameof(targetRecall), targetRecall, "The target recall must be in (0, 1].");
        }

        if (sampleQueries.Count == 0 || sampleQueries.Any(static query => query is null || query.Count == 0))
        {
            throw new ArgumentException("Tuning needs at least one sample query, and every sample query needs a non-zero term.", nameof(sampleQueries));
        }

        lock (_writeLock)
        {
            ThrowIfDisposed();
            var settings = _approximate ?? throw new InvalidOperationException(
                "The index builds no approximate indexes; open it with IndexOptions.Approximate set.");
            FlushLocked();
            var knobs = CombineSegmentKnobs(sampleQueries, targetRecall, k)
                ?? throw new InvalidOperationException(
                    "No sealed segment has an approximate index to tune (the collection is empty or its segments cannot be approximated).");
            var (recall, meanScored) = MeasureRecall(sampleQueries, knobs);
            _approximate = settings with { Tuned = knobs, TunedRecall = recall };
            Commit([.. _snapshot.Segments]);
            return new ApproximateTuningResult(knobs, recall, recall >= targetRecall, meanScored);
        }
    }

    /// <summary>The build knobs as the commit keeps them: the thread count belongs to the machine, not to the index.</summary>
    private static ApproximateIndexOptions StoredBuildOptions(ApproximateIndexOptions options) => options with { BuildThreads = 0 };

    private ApproximateSearchOptions? CombineSegmentKnobs(IReadOnlyList<SparseVector> sampleQueries, double targetRecall, int k)
    {
        ApproximateSearchOptions? combined = null;
        foreach (var view in _snapshot.Segments)
        {
            if (view.Segment.Approximate is not { } approximate)
            {
                continue;
            }

            var queries = new List<SparseVector>(sampleQueries.Count);
            foreach (var query in sampleQueries)
            {
                if (ApproximateSegmentScorer.WithinDimension(query, approximate.Dimension) is { } kept)
                {
                    queries.Add(kept);
                }
            }

            if (queries.Count == 0)
            {
                continue;
            }

            var tuned = approximate.Tune(queries, targetRecall, k).Options;
            combined = combined is null ? tuned : ApproximateSearchOptions.MoreCareful(combined, tuned);
        }

        return combined;
    }

    private (double Recall, double MeanScored) MeasureRecall(IReadOnlyList<SparseVector> sampleQueries, ApproximateSearchOptions knobs)
    {
        double recallSum = 0, scored = 0;
        var measured = 0;
        foreach (var query in sampleQueries)
        {
            var exact = Search(query, new SearchOptions { K = knobs.K, Algorithm = SearchAlgorithm.TermAtATime });
            var approximate = Search(query, new SearchOptions { K = knobs.K, Algorithm = SearchAlgorithm.Approximate, Approximate = knobs });
            scored += approximate.PostingsScored;
            if (exact.Hits.Count == 0)
            {
                continue;
            }

            var expected = new HashSet<string>(StringComparer.Ordinal);
            foreach (var hit in exact.Hits)
            {
                expected.Add(hit.Id);
            }

            var found = 0;
            foreach (var hit in approximate.Hits)
            {
                found += expected.Contains(hit.Id) ? 1 : 0;
            }

            recallSum += (double)found / expected.Count;
            measured++;
        }

        return (measured == 0 ? 1d : recallSum / measured, scored / sampleQueries.Count);
    }
}
