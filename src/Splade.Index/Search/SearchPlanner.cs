using Splade.Index.Segments;

namespace Splade.Index.Search;

/// <summary>Chooses the scorer of each segment for a search: the requested algorithm, or for <see cref="SearchAlgorithm.Auto"/>
/// approximate search when every sealed segment with live documents has an approximate index, else term-at-a-time up to
/// <see cref="IndexOptions.TermAtATimeMaxDocuments"/> documents in the largest segment and MaxScore above.</summary>
/// <remarks>A segment the chosen scorer cannot search (the buffer, or a segment without an approximate index, under approximate
/// search) is searched by term-at-a-time.</remarks>
internal static class SearchPlanner
{
    /// <summary>Every sparse algorithm: adding one is a class implementing <see cref="ISegmentScorer"/> and an entry here.</summary>
    private static readonly ISegmentScorer[] SparseScorers =
        [TermAtATimeScorer.Instance, MaxScoreScorer.Instance, BruteForceScorer.Instance, ApproximateScorer.Instance];

    /// <summary>The plan of a sparse search.</summary>
    public static SearchPlan Sparse(IndexSnapshot snapshot, SearchAlgorithm requested, IndexOptions options)
    {
        var algorithm = requested == SearchAlgorithm.Auto ? ChooseAuto(snapshot, options) : requested;
        return new SearchPlan(Array.Find(SparseScorers, scorer => scorer.Algorithm == algorithm)
            ?? throw new ArgumentOutOfRangeException(nameof(requested), requested, "Not a search algorithm."));
    }

    /// <summary>The plan of a dense search: every segment scanned exactly.</summary>
    public static SearchPlan Dense() => new(DenseBruteForceScorer.Instance);

    /// <summary>The exact plan that answers instead when an approximate search found fewer than k documents with a positive
    /// score (it only finds those); null when <paramref name="collector"/>'s result stands.</summary>
    public static SearchPlan? Recheck(SearchPlan plan, HitCollector collector)
        => plan.Algorithm == SearchAlgorithm.Approximate && !(collector.IsFull && collector.Threshold > 0f)
            ? new SearchPlan(TermAtATimeScorer.Instance)
            : null;

    private static SearchAlgorithm ChooseAuto(IndexSnapshot snapshot, IndexOptions options)
    {
        // An index whose tuning found exact search faster than the target recall's approximate search says so (Exact) and is searched exactly.
        if (snapshot.Approximate is not { Exact: true } && HasApproximateEverywhere(snapshot))
        {
            return SearchAlgorithm.Approximate;
        }

        return Exact(snapshot, options);
    }

    /// <summary>The exact algorithm <see cref="SearchAlgorithm.Auto"/> runs when it does not search approximately.</summary>
    public static SearchAlgorithm Exact(IndexSnapshot snapshot, IndexOptions options)
    {
        // Term-at-a-time accumulates one segment at a time, so its memory and its speed follow the largest segment, not the total.
        var largestSegment = 0;
        foreach (var view in snapshot.Segments)
        {
            largestSegment = Math.Max(largestSegment, view.Segment.DocumentCount);
        }

        return largestSegment <= options.TermAtATimeMaxDocuments ? SearchAlgorithm.TermAtATime : SearchAlgorithm.MaxScore;
    }

    /// <summary>Whether at least one sealed segment holds live documents and every such segment has an approximate index.</summary>
    private static bool HasApproximateEverywhere(IndexSnapshot snapshot)
    {
        var any = false;
        foreach (var view in snapshot.Segments)
        {
            if (!view.Persisted || view.Live.LiveCount == 0)
            {
                continue;
            }

            if (!ApproximateScorer.Instance.CanScore(view.Segment))
            {
                return false;
            }

            any = true;
        }

        return any;
    }
}
