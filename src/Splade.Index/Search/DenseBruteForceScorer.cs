using System.Numerics.Tensors;
using Splade.Index.Quantization;
using Splade.Index.Segments;

namespace Splade.Index.Search;

/// <summary>Dense search: scores every live document of a segment that has a dense vector, exactly (float32 rows, or int8 codes
/// times their scale with a float32 query).</summary>
internal sealed class DenseBruteForceScorer : ISegmentScorer
{
    private DenseBruteForceScorer()
    {
    }

    public static DenseBruteForceScorer Instance { get; } = new();

    public SearchAlgorithm Algorithm => SearchAlgorithm.BruteForce;

    public bool CanScore(Segment segment) => true;

    /// <remarks>The segment's spans are taken once, outside the loop.</remarks>
    public void Score(PreparedQuery query, SegmentCollector collector)
    {
        var segment = collector.Segment;
        var live = collector.Live;
        var dense = query.Dense;
        var dimension = segment.Dense.Dimension;
        var rows = segment.Dense.Rows;
        var values = segment.Dense.Values;
        var codes = segment.Dense.Codes;
        var scales = segment.Dense.Scales;
        var int8 = segment.Dense.Precision == DensePrecision.Int8;
        long scored = 0;
        for (var ordinal = 0; ordinal < rows.Length; ordinal++)
        {
            var row = rows[ordinal];
            if (row < 0 || !live.IsLive(ordinal))
            {
                continue;
            }

            scored++;
            var start = row * dimension;
            collector.Offer(ordinal, int8
                ? scales[row] * DenseInt8.Dot(dense, codes.Slice(start, dimension))
                : TensorPrimitives.Dot(dense, values.Slice(start, dimension)));
        }

        collector.Hits.AddWork(scored);
    }
}
