using System.Diagnostics;
using System.Numerics.Tensors;
using Splade.Core;
using Splade.Index.Quantization;
using Splade.Index.Segments;

namespace Splade.Index.Search;

internal sealed partial class IndexSearcher
{
    /// <summary>See <see cref="SparseIndex.SearchDense"/>; the query and options are validated by the caller.</summary>
    public SearchResults SearchDense(ReadOnlySpan<float> query, SearchOptions searchOptions)
    {
        var started = Stopwatch.GetTimestamp();
        if (Snapshot.DenseDimension != 0 && query.Length != Snapshot.DenseDimension)
        {
            throw new ArgumentException(
                $"The dense query has dimension {query.Length}; the index's dense vectors have dimension {Snapshot.DenseDimension}.", nameof(query));
        }

        var context = new SegmentSearchContext(SparseVector.Empty, new TopKCollector(searchOptions.K), searchOptions.Filter);
        for (var i = 0; i < Snapshot.Segments.Length; i++)
        {
            var view = Snapshot.Segments[i];
            context.Enter(view, i);
            ScanDense(context, view, query);
        }

        return new SearchResults(ToHits(context.Collector), SearchAlgorithm.BruteForce)
        {
            PostingsScored = context.PostingsScored,
            Elapsed = Stopwatch.GetElapsedTime(started),
        };
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
}
