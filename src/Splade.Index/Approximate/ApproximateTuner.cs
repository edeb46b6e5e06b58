using System.Diagnostics;
using Splade.Core;
using Splade.Index.Search;
using Splade.Index.Segments;
using Splade.Index.Writing;

namespace Splade.Index.Approximate;

/// <summary>Tunes an index's approximate query knobs for a target recall, decides whether approximate search is worth it, and keeps
/// both in its commit (<see cref="SparseIndex.TuneApproximate"/>, and the build of an approximate index).</summary>
/// <remarks>
/// <para>Each segment's approximate index is tuned on its own (<see cref="ApproximateIndex.Tune"/>); the engine keeps the most careful
/// of the segments' knobs (the most query terms, and the latest stop: the largest heap factor, or zero), then measures them end to
/// end against exact search on the same queries, with each sampled document held out of its own results (it would otherwise be an
/// easy first hit). While the measured recall is below the target it steps to more careful knobs.</para>
/// <para>When no knobs reach the target the index searches exactly (<see cref="ApproximateSettings.Exact"/>): approximate search
/// never silently returns less than it promised. A build (<c>requireFaster</c>) also times the chosen knobs against the exact search
/// the index would otherwise run (<see cref="ApproximateSpeedCheck"/>: per-query best of rounds, query-shaped pseudo-queries, a
/// margin) and searches exactly unless approximate search is clearly faster; an explicit
/// <see cref="SparseIndex.TuneApproximate"/> leaves that choice to the caller, so its outcome does not depend on the machine's load.</para>
/// </remarks>
internal static class ApproximateTuner
{
    private static readonly int[] QueryTermSteps = [4, 6, 8, 12, 16, 24, 32, 48, 64, 128];
    private static readonly float[] HeapFactorSteps = [0.8f, 1f, 1.2f, 1.5f, 2f, 3f, 4f, 6f];

    public static ApproximateTuningResult Tune(
        IndexWriter writer, IndexOptions options, IReadOnlyList<SparseVector> sampleQueries, IReadOnlyList<string>? heldOut,
        double targetRecall, int k, bool requireFaster)
        => writer.TuneApproximate((snapshot, settings) =>
        {
            var knobs = CombineSegmentKnobs(snapshot, sampleQueries, targetRecall, k)
                ?? throw new InvalidOperationException(
                    "No sealed segment has an approximate index to tune (the collection is empty or its segments cannot be approximated).");
            var searcher = new IndexSearcher(snapshot, options);
            var measured = Measure(searcher, sampleQueries, heldOut, knobs, k);
            while (measured.Recall < targetRecall && MoreCareful(knobs) is { } next)
            {
                knobs = next;
                measured = Measure(searcher, sampleQueries, heldOut, knobs, k);
            }

            var reached = measured.Recall >= targetRecall;
            var faster = reached && (!requireFaster || IsFaster(searcher, options, sampleQueries, heldOut is not null, knobs, k));
            var exact = !faster;
            var result = new ApproximateTuningResult(knobs, measured.Recall, reached, measured.MeanScored) { SearchesExactly = exact };
            IndexLog.Tuned(
                writer.Logger, writer.Location, k, measured.Recall, targetRecall,
                exact ? (reached ? "not faster than exact search: searches run exactly" : "target not reached: searches run exactly") : "approximate");
            return (settings with { Tuned = knobs, TunedRecall = measured.Recall, TargetRecall = targetRecall, Exact = exact }, result);
        });

    private static ApproximateSearchOptions? CombineSegmentKnobs(
        IndexSnapshot snapshot, IReadOnlyList<SparseVector> sampleQueries, double targetRecall, int k)
    {
        ApproximateSearchOptions? combined = null;
        foreach (var view in snapshot.Segments)
        {
            if (view.Segment.Approximate is not { } approximate)
            {
                continue;
            }

            var queries = new List<SparseVector>(sampleQueries.Count);
            foreach (var query in sampleQueries)
            {
                if (WithinDimension(query, approximate.Dimension) is { } kept)
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

    /// <summary>The next step up from <paramref name="knobs"/>: more query terms and a later stop, then no stop; null once
    /// exhaustive.</summary>
    private static ApproximateSearchOptions? MoreCareful(ApproximateSearchOptions knobs)
    {
        var queryTerms = Array.Find(QueryTermSteps, step => step > knobs.QueryTerms);
        var heapFactor = knobs.HeapFactor == 0f ? 0f : Array.Find(HeapFactorSteps, step => step > knobs.HeapFactor);
        if (queryTerms == 0 && heapFactor == 0f)
        {
            return knobs.QueryTerms == int.MaxValue && knobs.HeapFactor == 0f ? null : knobs with { QueryTerms = int.MaxValue, HeapFactor = 0f };
        }

        return knobs with { QueryTerms = queryTerms == 0 ? knobs.QueryTerms : queryTerms, HeapFactor = heapFactor };
    }

    /// <summary>The mean recall@k of approximate search with <paramref name="knobs"/> against exact search, each query's held-out
    /// document removed from both result lists.</summary>
    private static (double Recall, double MeanScored) Measure(
        IndexSearcher searcher, IReadOnlyList<SparseVector> queries, IReadOnlyList<string>? heldOut, ApproximateSearchOptions knobs, int k)
    {
        var fetch = heldOut is null ? k : k + 1;
        double recallSum = 0, scored = 0;
        var measured = 0;
        var expected = new HashSet<string>(StringComparer.Ordinal);
        for (var q = 0; q < queries.Count; q++)
        {
            var skip = heldOut?[q];
            var exact = searcher.Search(queries[q], new SearchOptions { K = fetch, Algorithm = SearchAlgorithm.TermAtATime });
            var approximate = searcher.Search(
                queries[q], new SearchOptions { K = fetch, Algorithm = SearchAlgorithm.Approximate, Approximate = knobs with { K = fetch } });
            scored += approximate.PostingsScored;
            expected.Clear();
            foreach (var hit in exact.Hits)
            {
                if (hit.Id != skip && expected.Count < k)
                {
                    expected.Add(hit.Id);
                }
            }

            if (expected.Count == 0)
            {
                continue;
            }

            var found = 0;
            var taken = 0;
            foreach (var hit in approximate.Hits)
            {
                if (hit.Id == skip || taken == k)
                {
                    continue;
                }

                taken++;
                found += expected.Contains(hit.Id) ? 1 : 0;
            }

            recallSum += (double)found / expected.Count;
            measured++;
        }

        return (measured == 0 ? 1d : recallSum / measured, scored / queries.Count);
    }

    /// <summary>Whether approximate search with <paramref name="knobs"/> is faster than the exact search the index would otherwise run,
    /// by <see cref="ApproximateSpeedCheck"/>'s rules, on every query shape of the sample.</summary>
    private static bool IsFaster(
        IndexSearcher searcher, IndexOptions indexOptions, IReadOnlyList<SparseVector> queries, bool sampledDocuments,
        ApproximateSearchOptions knobs, int k)
    {
        var exactOptions = new SearchOptions { K = k, Algorithm = SearchPlanner.Exact(searcher.Snapshot, indexOptions) };
        var approximateOptions = new SearchOptions { K = k, Algorithm = SearchAlgorithm.Approximate, Approximate = knobs with { K = k } };
        foreach (var shape in ApproximateSpeedCheck.Shapes(queries, sampledDocuments))
        {
            var costs = ApproximateSpeedCheck.Measure(shape.Count, (q, approximate) =>
            {
                var started = Stopwatch.GetTimestamp();
                _ = searcher.Search(shape[q], approximate ? approximateOptions : exactOptions);
                return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            });
            if (!costs.ApproximateWins)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The query without the terms the segment has none of (beyond its dimension), or null when no term is left.</summary>
    private static SparseVector? WithinDimension(SparseVector query, uint dimension)
    {
        var kept = query.Indices.BinarySearch(dimension);
        kept = kept < 0 ? ~kept : kept;
        return kept == query.Count ? query : kept == 0 ? null : new SparseVector(query.Indices[..kept], query.Values[..kept]);
    }
}
