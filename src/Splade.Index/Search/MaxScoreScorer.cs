using System.Buffers;

namespace Splade.Index.Search;

/// <summary>Exact document-at-a-time search with MaxScore dynamic pruning.</summary>
/// <remarks>
/// <para>
/// Each query term's contribution is bounded by its weight times the largest (or, for a negative query weight, smallest) weight in its
/// postings. With terms sorted by bound, the longest prefix whose bounds sum below the current k-th score is "non-essential": a document
/// found only there cannot enter the top k, so candidates are drawn from the essential lists alone and the non-essential lists are
/// only probed (by galloping search) while the candidate can still make it.
/// </para>
/// <para>
/// Pruning decisions use a small slack so that float rounding never drops a document that ties or beats the threshold; a candidate that
/// survives is scored exactly from its forward vector, in the same order as a brute-force scan, so results are identical.
/// </para>
/// </remarks>
internal static class MaxScoreScorer
{
    public static void Search(SegmentSearchContext context)
    {
        var segment = context.View.Segment;
        var queryIndices = context.Query.Indices;
        var queryValues = context.Query.Values;
        var cursors = ArrayPool<PostingCursor>.Shared.Rent(Math.Max(1, queryIndices.Length));
        var count = 0;
        var slack = 0f;
        try
        {
            for (var q = 0; q < queryIndices.Length; q++)
            {
                if (!segment.TryGetTerm(queryIndices[q], out var term))
                {
                    continue;
                }

                var weight = queryValues[q];
                var bound = weight >= 0 ? weight * segment.TermMaxWeights[term] : weight * segment.TermMinWeights[term];
                cursors[count++] = new PostingCursor((int)segment.TermStarts[term], (int)segment.TermStarts[term + 1], weight, Math.Max(bound, 0f));
                slack += Math.Max(Math.Abs(weight * segment.TermMaxWeights[term]), Math.Abs(weight * segment.TermMinWeights[term]));
            }

            var active = cursors.AsSpan(0, count);
            active.Sort(static (a, b) => a.Bound.CompareTo(b.Bound));
            Run(context, active, (slack * 1e-5f) + 1e-30f);
        }
        finally
        {
            ArrayPool<PostingCursor>.Shared.Return(cursors, clearArray: true);
        }
    }

    private static void Run(SegmentSearchContext context, Span<PostingCursor> cursors, float slack)
    {
        var segment = context.View.Segment;
        var live = context.View.Live;
        var docs = segment.PostingDocs;
        var weights = segment.PostingWeights;
        Span<float> prefix = stackalloc float[cursors.Length + 1];
        for (var i = 0; i < cursors.Length; i++)
        {
            prefix[i + 1] = prefix[i] + cursors[i].Bound;
        }

        var threshold = float.NaN;
        var firstEssential = 0;
        var doc = int.MaxValue;
        for (var i = 0; i < cursors.Length; i++)
        {
            doc = Math.Min(doc, cursors[i].Doc(docs));
        }

        while (doc != int.MaxValue)
        {
            var current = context.Collector.Threshold;
            if (!current.Equals(threshold))
            {
                threshold = current;
                while (firstEssential < cursors.Length && prefix[firstEssential + 1] + slack < threshold)
                {
                    firstEssential++;
                }
            }

            // Score the essential lists at this document and find the next candidate in the same pass.
            var partial = 0f;
            var next = int.MaxValue;
            for (var i = firstEssential; i < cursors.Length; i++)
            {
                ref var cursor = ref cursors[i];
                var at = cursor.Doc(docs);
                if (at == doc)
                {
                    partial += cursor.QueryWeight * cursor.Weight(weights);
                    cursor.Advance();
                    context.PostingsScored++;
                    at = cursor.Doc(docs);
                }

                next = Math.Min(next, at);
            }

            // A candidate whose lists all turned non-essential since it was chosen is still judged correctly: Survives probes them.
            if (live.IsLive(doc) && Survives(context, docs, weights, cursors, prefix, firstEssential, doc, partial, threshold, slack))
            {
                context.Offer(doc, context.ExactScore(doc));
            }

            doc = next;
        }
    }

    private static bool Survives(SegmentSearchContext context, ReadOnlySpan<int> docs, ReadOnlySpan<float> weights, Span<PostingCursor> cursors, ReadOnlySpan<float> prefix, int firstEssential, int doc, float partial, float threshold, float slack)
    {
        if (float.IsNegativeInfinity(threshold))
        {
            return true;
        }

        for (var i = firstEssential - 1; i >= 0; i--)
        {
            if (partial + prefix[i + 1] + slack < threshold)
            {
                return false;
            }

            ref var cursor = ref cursors[i];
            if (cursor.SeekTo(docs, doc))
            {
                partial += cursor.QueryWeight * cursor.Weight(weights);
                context.PostingsScored++;
            }
        }

        return partial + slack >= threshold;
    }
}
