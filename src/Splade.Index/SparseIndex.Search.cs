using System.Diagnostics;
using System.Numerics.Tensors;
using Splade.Core;
using Splade.Index.Approximate;
using Splade.Index.Quantization;
using Splade.Index.Search;
using Splade.Index.Segments;

namespace Splade.Index;

public sealed partial class SparseIndex
{
    /// <summary>Returns the <see cref="SearchOptions.K"/> documents with the highest dot product with <paramref name="query"/>.</summary>
    /// <remarks>
    /// Every algorithm except <see cref="SearchAlgorithm.Approximate"/> is exact and returns the same hits as a brute-force scan.
    /// Approximate search (the <see cref="SearchAlgorithm.Auto"/> choice when every sealed segment has an approximate index) returns
    /// exact scores for the documents it finds; when it finds fewer than k with a positive score, the query is answered exactly instead,
    /// so a query that k documents match (filter included) always gets k hits, and <see cref="SearchResults.Algorithm"/> then reports
    /// the exact algorithm (<see cref="SearchAlgorithm.TermAtATime"/>).
    /// </remarks>
    /// <exception cref="ArgumentException">The query is empty, or k is outside 1..<see cref="SearchOptions.MaxK"/>.</exception>
    public SearchResults Search(SparseVector query, SearchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        options ??= new SearchOptions();
        ValidateK(options.K);
        if (query.Count == 0)
        {
            throw new ArgumentException("The query vector is empty; it needs at least one non-zero term.", nameof(query));
        }

        var started = Stopwatch.GetTimestamp();
        _readerGate.EnterReadLock();
        try
        {
            ThrowIfDisposed();
            var snapshot = _snapshot;
            var algorithm = ChooseAlgorithm(options.Algorithm, snapshot);
            var knobs = (options.Approximate ?? _approximate?.Tuned ?? ApproximateSearchOptions.Default) with { K = options.K };
            var context = SearchSegments(snapshot, query, options, algorithm, knobs);
            // The approximate index only finds documents with a positive score; with fewer than k of them, exact search is the answer.
            if (algorithm == SearchAlgorithm.Approximate && !(context.Collector.IsFull && context.Collector.Threshold > 0f))
            {
                var scored = context.PostingsScored;
                algorithm = SearchAlgorithm.TermAtATime;
                context = SearchSegments(snapshot, query, options, algorithm, knobs);
                context.PostingsScored += scored;
            }

            return new SearchResults(ToHits(snapshot, context.Collector), algorithm)
            {
                PostingsScored = context.PostingsScored,
                Elapsed = Stopwatch.GetElapsedTime(started),
            };
        }
        finally
        {
            _readerGate.ExitReadLock();
        }
    }

    /// <summary>Returns the <see cref="SearchOptions.K"/> documents whose dense vectors have the highest inner product with <paramref name="query"/>.</summary>
    /// <remarks>
    /// An exact scan (reported as <see cref="SearchAlgorithm.BruteForce"/>) over the documents that have a dense vector; deletions and
    /// filters apply as for sparse search. With <see cref="DensePrecision.Int8"/> storage the query stays float32 and each score is
    /// scale × dot(query, codes): exact for the decoded vectors, and within scale / 2 × ‖query‖₁ of the float32 score.
    /// </remarks>
    /// <exception cref="ArgumentException">The query's length differs from <see cref="DenseDimension"/>, holds NaN or infinity, or k is out of
    /// range.</exception>
    public SearchResults SearchDense(ReadOnlySpan<float> query, SearchOptions? options = null)
    {
        options ??= new SearchOptions();
        ValidateK(options.K);
        Writing.DocumentValidator.ValidateDense(query, "The dense query");
        var started = Stopwatch.GetTimestamp();
        _readerGate.EnterReadLock();
        try
        {
            ThrowIfDisposed();
            var snapshot = _snapshot;
            if (snapshot.DenseDimension != 0 && query.Length != snapshot.DenseDimension)
            {
                throw new ArgumentException(
                    $"The dense query has dimension {query.Length}; the index's dense vectors have dimension {snapshot.DenseDimension}.", nameof(query));
            }

            var context = new SegmentSearchContext(SparseVector.Empty, new TopKCollector(options.K), options.Filter);
            for (var i = 0; i < snapshot.Segments.Length; i++)
            {
                var view = snapshot.Segments[i];
                context.Enter(view, i);
                ScanDense(context, view, query);
            }

            return new SearchResults(ToHits(snapshot, context.Collector), SearchAlgorithm.BruteForce)
            {
                PostingsScored = context.PostingsScored,
                Elapsed = Stopwatch.GetElapsedTime(started),
            };
        }
        finally
        {
            _readerGate.ExitReadLock();
        }
    }

    /// <summary>Scores every live document of one segment that has a dense vector; the segment's spans are taken once, outside the loop.</summary>
    private static void ScanDense(SegmentSearchContext context, SegmentView view, ReadOnlySpan<float> query)
    {
        var segment = view.Segment;
        var dimension = segment.DenseDimension;
        var rows = segment.DenseRows;
        var values = segment.DenseValues;
        var codes = segment.DenseCodes;
        var scales = segment.DenseScales;
        var int8 = segment.DensePrecision == DensePrecision.Int8;
        for (var ordinal = 0; ordinal < rows.Length; ordinal++)
        {
            var row = rows[ordinal];
            if (row < 0 || !view.Live.IsLive(ordinal))
            {
                continue;
            }

            context.PostingsScored++;
            var start = row * dimension;
            context.Offer(ordinal, int8
                ? scales[row] * DenseInt8.Dot(query, codes.Slice(start, dimension))
                : TensorPrimitives.Dot(query, values.Slice(start, dimension)));
        }
    }

    private SearchAlgorithm ChooseAlgorithm(SearchAlgorithm requested, IndexSnapshot snapshot)
    {
        if (requested != SearchAlgorithm.Auto)
        {
            return requested;
        }

        if (HasApproximateEverywhere(snapshot))
        {
            return SearchAlgorithm.Approximate;
        }

        // Term-at-a-time accumulates one segment at a time, so its memory and its speed follow the largest segment, not the total.
        var largestSegment = 0;
        foreach (var view in snapshot.Segments)
        {
            largestSegment = Math.Max(largestSegment, view.Segment.DocumentCount);
        }

        return largestSegment <= _options.TermAtATimeMaxDocuments ? SearchAlgorithm.TermAtATime : SearchAlgorithm.MaxScore;
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

            if (view.Segment.Approximate is null)
            {
                return false;
            }

            any = true;
        }

        return any;
    }

    private static SegmentSearchContext SearchSegments(
        IndexSnapshot snapshot,
        SparseVector query,
        SearchOptions options,
        SearchAlgorithm algorithm,
        ApproximateSearchOptions knobs)
    {
        var context = new SegmentSearchContext(query, new TopKCollector(options.K), options.Filter);
        for (var i = 0; i < snapshot.Segments.Length; i++)
        {
            var view = snapshot.Segments[i];
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

    private static void ValidateK(int k)
    {
        if (k is < 1 or > SearchOptions.MaxK)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be between 1 and {SearchOptions.MaxK}.");
        }
    }

    private static SearchHit[] ToHits(IndexSnapshot snapshot, TopKCollector collector)
    {
        var kept = collector.ToSortedArray();
        var hits = new SearchHit[kept.Length];
        for (var i = 0; i < kept.Length; i++)
        {
            var segment = snapshot.Segments[kept[i].SegmentIndex].Segment;
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
