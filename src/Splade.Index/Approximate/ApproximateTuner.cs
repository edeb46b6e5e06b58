using Splade.Core;
using Splade.Index.Search;
using Splade.Index.Segments;
using Splade.Index.Writing;

namespace Splade.Index.Approximate;

/// <summary>Tunes an index's approximate query knobs for a target recall and keeps them in its commit
/// (<see cref="SparseIndex.TuneApproximate"/>).</summary>
/// <remarks>
/// Each segment's approximate index is tuned on its own (<see cref="ApproximateIndex.Tune"/>); the engine keeps the most careful of
/// the segments' knobs (the most query terms, and the latest stop: the largest heap factor, or zero), then measures them end to end
/// against exact search on the same queries.
/// </remarks>
internal static class ApproximateTuner
{
    public static ApproximateTuningResult Tune(IndexWriter writer, IndexOptions options, IReadOnlyList<SparseVector> sampleQueries, double targetRecall, int k)
        => writer.TuneApproximate((snapshot, settings) =>
        {
            var knobs = CombineSegmentKnobs(snapshot, sampleQueries, targetRecall, k)
                ?? throw new InvalidOperationException(
                    "No sealed segment has an approximate index to tune (the collection is empty or its segments cannot be approximated).");
            var (recall, meanScored) = MeasureRecall(new IndexSearcher(snapshot, options), sampleQueries, knobs);
            return (settings with { Tuned = knobs, TunedRecall = recall }, new ApproximateTuningResult(knobs, recall, recall >= targetRecall, meanScored));
        });

    private static ApproximateSearchOptions? CombineSegmentKnobs(IndexSnapshot snapshot, IReadOnlyList<SparseVector> sampleQueries, double targetRecall, int k)
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

    private static (double Recall, double MeanScored) MeasureRecall(
        IndexSearcher searcher, IReadOnlyList<SparseVector> sampleQueries, ApproximateSearchOptions knobs)
    {
        double recallSum = 0, scored = 0;
        var measured = 0;
        foreach (var query in sampleQueries)
        {
            var exact = searcher.Search(query, new SearchOptions { K = knobs.K, Algorithm = SearchAlgorithm.TermAtATime });
            var approximate = searcher.Search(query, new SearchOptions { K = knobs.K, Algorithm = SearchAlgorithm.Approximate, Approximate = knobs });
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

    /// <summary>The query without the terms the segment has none of (beyond its dimension), or null when no term is left.</summary>
    private static SparseVector? WithinDimension(SparseVector query, uint dimension)
    {
        var kept = query.Indices.BinarySearch(dimension);
        kept = kept < 0 ? ~kept : kept;
        return kept == query.Count ? query : kept == 0 ? null : new SparseVector(query.Indices[..kept], query.Values[..kept]);
    }
}
