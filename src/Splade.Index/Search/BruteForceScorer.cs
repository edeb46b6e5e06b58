using System.Numerics;
using Splade.Index.Segments;

namespace Splade.Index.Search;

/// <summary>Scores every live document of a segment from its forward vector: the reference for the other algorithms.</summary>
internal static class BruteForceScorer
{
    public static void Search(SegmentSearchContext context)
    {
        var segment = context.View.Segment;
        var live = context.View.Live;
        var query = context.Query;
        for (var ordinal = 0; ordinal < segment.DocumentCount; ordinal++)
        {
            if (!live.IsLive(ordinal))
            {
                continue;
            }

            context.PostingsScored++;
            if (Shares(query.Indices, segment, ordinal))
            {
                context.Offer(ordinal, context.ExactScore(ordinal));
            }
        }
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
