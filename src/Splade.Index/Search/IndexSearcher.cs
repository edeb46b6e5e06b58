using System.Diagnostics;
using Splade.Core;
using Splade.Index.Approximate;
using Splade.Index.Segments;

namespace Splade.Index.Search;

/// <summary>Answers reads over one immutable <see cref="IndexSnapshot"/>: sparse and dense search, ids, term statistics.</summary>
/// <remarks>Holds no lock and changes nothing; the caller keeps the snapshot retained while the searcher is used.</remarks>
internal sealed partial class IndexSearcher(IndexSnapshot snapshot, IndexOptions options)
{
    public IndexSnapshot Snapshot { get; } = snapshot;

    /// <summary>See <see cref="SparseIndex.Search"/>; the query and options are validated by the caller.</summary>
    public SearchResults Search(SparseVector query, SearchOptions searchOptions)
    {
        var started = Stopwatch.GetTimestamp();
        var (context, algorithm) = Collect(query, searchOptions);
        return new SearchResults(ToHits(context.Collector), algorithm)
        {
            EstimatedRecall = algorithm != SearchAlgorithm.Approximate ? 1d : searchOptions.Approximate is null ? Snapshot.Approximate?.TunedRecall : null,
            PostingsScored = context.PostingsScored,
            Elapsed = Stopwatch.GetElapsedTime(started),
        };
    }

    /// <summary>
    /// <see cref="Search"/>'s work up to its output: the segments scored and the top k kept, no hit built (no id, metadata or text
    /// read). Benchmarks time it against search paths that return ordinals.
    /// </summary>
    public (SegmentSearchContext Context, SearchAlgorithm Algorithm) Collect(SparseVector query, SearchOptions searchOptions)
    {
        var algorithm = ChooseAlgorithm(searchOptions.Algorithm);
        var knobs = (searchOptions.Approximate ?? Snapshot.Approximate?.Tuned ?? ApproximateSearchOptions.Default) with { K = searchOptions.K };
        var context = SearchSegments(query, searchOptions, algorithm, knobs);
        // The approximate index only finds documents with a positive score; with fewer than k of them, exact search is the answer.
        if (algorithm == SearchAlgorithm.Approximate && !(context.Collector.IsFull && context.Collector.Threshold > 0f))
        {
            var scored = context.PostingsScored;
            algorithm = SearchAlgorithm.TermAtATime;
            context = SearchSegments(query, searchOptions, algorithm, knobs);
            context.PostingsScored += scored;
        }

        return (context, algorithm);
    }

    private SearchAlgorithm ChooseAlgorithm(SearchAlgorithm requested)
    {
        if (requested != SearchAlgorithm.Auto)
        {
            return requested;
        }

        if (Snapshot.Approximate is not { Exact: true } && HasApproximateEverywhere())
        {
            return SearchAlgorithm.Approximate;
        }

        // Term-at-a-time accumulates one segment at a time, so its memory and its speed follow the largest segment, not the total.
        var largestSegment = 0;
        foreach (var view in Snapshot.Segments)
        {
            largestSegment = Math.Max(largestSegment, view.Segment.DocumentCount);
        }

        return largestSegment <= options.TermAtATimeMaxDocuments ? SearchAlgorithm.TermAtATime : SearchAlgorithm.MaxScore;
    }

    /// <summary>Whether at least one sealed segment holds live documents and every such segment has an approximate index.</summary>
    private bool HasApproximateEverywhere()
    {
        var any = false;
        foreach (var view in Snapshot.Segments)
        {
            if (!view.Persisted || view.Live.LiveCount == 0)
            {
                continue;
            }

            if (view.Segment.Approximate is null)
            {
                return false;
            }

            any = true;
        }

        return any;
    }

    private SegmentSearchContext SearchSegments(SparseVector query, SearchOptions searchOptions, SearchAlgorithm algorithm, ApproximateSearchOptions knobs)
    {
        var context = new SegmentSearchContext(query, new TopKCollector(searchOptions.K), searchOptions.Filter);
        for (var i = 0; i < Snapshot.Segments.Length; i++)
        {
            var view = Snapshot.Segments[i];
            if (view.Live.LiveCount == 0)
            {
                continue;
            }

            context.Enter(view, i);
            switch (algorithm)
            {
                case SearchAlgorithm.Approximate when view.Segment.Approximate is { } approximate:
                    ApproximateSegmentScorer.Search(context, approximate, knobs);
                    break;
                case SearchAlgorithm.Approximate:
                case SearchAlgorithm.TermAtATime:
                    TermAtATimeScorer.Search(context);
                    break;
                case SearchAlgorithm.MaxScore:
                    MaxScoreScorer.Search(context);
                    break;
                default:
                    BruteForceScorer.Search(context);
                    break;
            }
        }

        return context;
    }

    private SearchHit[] ToHits(TopKCollector collector)
    {
        var kept = collector.ToSortedArray();
        var hits = new SearchHit[kept.Length];
        for (var i = 0; i < kept.Length; i++)
        {
            var segment = Snapshot.Segments[kept[i].SegmentIndex].Segment;
            var ordinal = kept[i].Ordinal;
            hits[i] = new SearchHit(segment.GetId(ordinal), kept[i].Score)
            {
                Metadata = segment.GetMetadata(ordinal),
                Text = segment.GetText(ordinal),
            };
        }

        return hits;
    }
}
