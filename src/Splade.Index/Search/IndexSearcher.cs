using System.Diagnostics;
using Splade.Core;
using Splade.Index.Approximate;
using Splade.Index.Filters;
using Splade.Index.Segments;

namespace Splade.Index.Search;

/// <summary>Answers reads over one immutable <see cref="IndexSnapshot"/>: sparse and dense search, ids, term statistics.</summary>
/// <remarks>
/// <para>A search prepares its query once (<see cref="PreparedQuery"/>), lets <see cref="SearchPlanner"/> pick each segment's
/// <see cref="ISegmentScorer"/>, runs the scorers segment by segment into one <see cref="HitCollector"/>, and turns the kept
/// ordinals into hits.</para>
/// <para>Holds no lock and changes nothing; the caller keeps the snapshot retained while the searcher is used.</para>
/// </remarks>
internal sealed partial class IndexSearcher(IndexSnapshot snapshot, IndexOptions options)
{
    public IndexSnapshot Snapshot { get; } = snapshot;

    /// <summary>See <see cref="SparseIndex.Search"/>; the query and options are validated by the caller.</summary>
    public SearchResults Search(SparseVector query, SearchOptions searchOptions)
    {
        var started = Stopwatch.GetTimestamp();
        var (collector, algorithm) = Collect(query, searchOptions);
        var results = Results(collector, algorithm, started);
        return results with
        {
            // The tuned recall applies to searches with the tuned knobs; knobs given by the caller have no estimate.
            EstimatedRecall = algorithm != SearchAlgorithm.Approximate ? 1d : searchOptions.Approximate is null ? Snapshot.Approximate?.TunedRecall : null,
        };
    }

    /// <summary>
    /// <see cref="Search"/>'s work up to its output: the segments scored and the top k kept, no hit built (no id, metadata or text
    /// read). Benchmarks time it against search paths that return ordinals.
    /// </summary>
    public (HitCollector Collector, SearchAlgorithm Algorithm) Collect(SparseVector query, SearchOptions searchOptions)
    {
        var knobs = searchOptions.Approximate ?? Snapshot.Approximate?.Tuned ?? ApproximateSearchOptions.Default;
        using var prepared = PreparedQuery.Sparse(query, searchOptions, knobs);
        var plan = SearchPlanner.Sparse(Snapshot, searchOptions.Algorithm, options);
        var collector = Run(prepared, plan);
        if (SearchPlanner.Recheck(plan, collector) is { } exact)
        {
            var scored = collector.PostingsScored;
            plan = exact;
            collector = Run(prepared, plan);
            collector.AddWork(scored);
        }

        return (collector, plan.Algorithm);
    }

    /// <summary>See <see cref="SparseIndex.SearchDense"/>; the query and options are validated by the caller.</summary>
    public SearchResults SearchDense(ReadOnlySpan<float> query, SearchOptions searchOptions)
    {
        var started = Stopwatch.GetTimestamp();
        if (Snapshot.DenseDimension != 0 && query.Length != Snapshot.DenseDimension)
        {
            throw new ArgumentException(
                $"The dense query has dimension {query.Length}; the index's dense vectors have dimension {Snapshot.DenseDimension}.", nameof(query));
        }

        using var prepared = PreparedQuery.DenseSearch(query, searchOptions);
        var plan = SearchPlanner.Dense();
        return Results(Run(prepared, plan), plan.Algorithm, started);
    }

    /// <summary>Scores every segment with live documents into one collector.</summary>
    private HitCollector Run(PreparedQuery query, SearchPlan plan)
    {
        var collector = new HitCollector(query.K);
        var segments = Snapshot.Segments;
        for (var i = 0; i < segments.Length; i++)
        {
            var view = segments[i];
            if (view.Live.LiveCount == 0)
            {
                continue;
            }

            var filter = query.Filter is { } metadata ? SegmentFilter.Bind(metadata, view.Segment) : null;
            plan.ScorerFor(view.Segment).Score(query, collector.ForSegment(view, i, filter));
        }

        return collector;
    }

    private SearchResults Results(HitCollector collector, SearchAlgorithm algorithm, long started)
    {
        var kept = collector.ToSortedArray();
        var hits = new SearchHit[kept.Length];
        for (var i = 0; i < kept.Length; i++)
        {
            var segment = Snapshot.Segments[kept[i].Segment].Segment;
            var ordinal = kept[i].Ordinal;
            hits[i] = new SearchHit(segment.Documents.GetId(ordinal), kept[i].Score)
            {
                Metadata = segment.Documents.GetMetadata(ordinal),
                Text = segment.Documents.GetText(ordinal),
            };
        }

        return new SearchResults(hits, algorithm)
        {
            PostingsScored = collector.PostingsScored,
            Elapsed = Stopwatch.GetElapsedTime(started),
        };
    }
}
