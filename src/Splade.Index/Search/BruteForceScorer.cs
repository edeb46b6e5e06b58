using System.Numerics;
using Splade.Index.Segments;

namespace Splade.Index.Search;

/// <summary>Scores every live document of a segment from its forward vector: the reference for the other algorithms.</summary>
internal sealed class BruteForceScorer : ISegmentScorer
{
    private BruteForceScorer()
    {
    }

    public static BruteForceScorer Instance { get; } = new();

    public SearchAlgorithm Algorithm => SearchAlgorithm.BruteForce;

    public bool CanScore(Segment segment) => true;

    public void Score(PreparedQuery query, SegmentCollector collector)
    {
        var segment = collector.Segment;
        var live = collector.Live;
        var terms = query.Vector.Indices;
        long scored = 0;
        for (var ordinal = 0; ordinal < segment.DocumentCount; ordinal++)
        {
            if (!live.IsLive(ordinal))
            {
                continue;
            }

            scored++;
            if (Shares(terms, segment, ordinal))
            {
                collector.Offer(ordinal, query.ExactScore(segment, ordinal));
            }
        }

        collector.Hits.AddWork(scored);
    }

    private static bool Shares(ReadOnlySpan<uint> query, Segment segment, int ordinal)
    {
        if (segment.NarrowTerms)
        {
            segment.GetForward(ordinal, out ReadOnlySpan<ushort> narrow, out _);
            return Shares(query, narrow);
        }

        segment.GetForward(ordinal, out ReadOnlySpan<uint> wide, out _);
        return Shares(query, wide);
    }

    private static bool Shares<TIndex>(ReadOnlySpan<uint> left, ReadOnlySpan<TIndex> right)
        where TIndex : unmanaged, IBinaryInteger<TIndex>, IUnsignedNumber<TIndex>
    {
        int i = 0, j = 0;
        while (i < left.Length && j < right.Length)
        {
            var term = uint.CreateTruncating(right[j]);
            if (left[i] == term)
            {
                return true;
            }

            if (left[i] < term)
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return false;
    }
}
