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

            segment.GetForward(ordinal, out var indices, out var values);
            context.PostingsScored++;
            if (Shares(query.Indices, indices))
            {
                context.Offer(ordinal, context.ExactScore(ordinal));
            }
        }
    }

    private static bool Shares(ReadOnlySpan<uint> left, ReadOnlySpan<uint> right)
    {
        int i = 0, j = 0;
        while (i < left.Length && j < right.Length)
        {
            if (left[i] == right[j])
            {
                return true;
            }

            if (left[i] < right[j])
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
