using System.Buffers;
using Splade.Index.Segments;

namespace Splade.Index.Search;

/// <summary>Exact document-at-a-time search with MaxScore dynamic pruning.</summary>
/// <remarks>
/// <para>
/// Postings carry 8-bit weight codes (<see cref="PostingImpacts"/>); a term's contribution is its table entry, and each term is bounded
/// by its largest table entry. With terms sorted by bound, the longest prefix whose bounds sum below the current k-th score is "non-essential": a document
/// found only there cannot enter the top k, so candidates are drawn from the essential lists alone and the non-essential lists are
/// only probed (by galloping search) while the candidate can still make it.
/// </para>
/// <para>
/// Pruning decisions use a slack of the codes' error bound (which covers float rounding too), so no document that ties or beats the
/// threshold is dropped; a candidate that survives is scored exactly from its forward vector, in the same order as a brute-force scan,
/// so results are identical.
/// </para>
/// </remarks>
internal static class MaxScoreScorer
{
    public static void Search(SegmentSearchContext context)
    {
        var segment = context.View.Segment;
        var queryIndices = context.Query.Indices;
        var queryValues = context.Query.Values;
        var cursors = ArrayPool<PostingCursor>.Shared.Rent(Math.Max(1, queryIndices.Length * segment.Tiers));
        var tables = ArrayPool<float>.Shared.Rent(Math.Max(1, queryIndices.Length) * PostingImpacts.Levels);
        var count = 0;
        var terms = 0;
        float termErrors = 0f, largestContributions = 0f;
        try
        {
            for (var q = 0; q < queryIndices.Length; q++)
            {
                if (!segment.TryGetTerm(queryIndices[q], out var term))
                {
                    continue;
                }

                var weight = queryValues[q];
                var min = segment.TermMinWeights[term];
                var max = segment.TermMaxWeights[term];
                var table = tables.AsSpan(terms * PostingImpacts.Levels, PostingImpacts.Levels);
                PostingImpacts.FillTable(weight, min, max, table);
                for (var tier = 0; tier < segment.Tiers; tier++)
                {
                    if (segment.TierPostingCount(term, tier) == 0)
                    {
                        continue;
                    }

                    var bound = Math.Max(0f, Math.Max(table[segment.TierStarts[tier]], table[segment.TierLastCode(tier)]));
                    var list = (term * segment.Tiers) + tier;
                    cursors[count++] = new PostingCursor(segment.ChunkStarts, list, segment.ChunkCount, terms * PostingImpacts.Levels, bound);
                }

                terms++;
                termErrors += PostingImpacts.TermError(weight, min, max);
                largestContributions += Math.Abs(weight) * Math.Max(Math.Abs(min), Math.Abs(max));
            }

            var active = cursors.AsSpan(0, count);
            active.Sort(static (a, b) => a.Bound.CompareTo(b.Bound));
            // The bounds' prefix sums add one bound per list, up to one list per tier of a term.
            var slack = PostingImpacts.ErrorBound(termErrors, largestContributions * segment.Tiers, count) + 1e-30f;
            Run(context, active, tables, slack);
        }
        finally
        {
            ArrayPool<PostingCursor>.Shared.Return(cursors, clearArray: true);
            ArrayPool<float>.Shared.Return(tables);
        }
    }

    private static void Run(SegmentSearchContext context, Span<PostingCursor> cursors, ReadOnlySpan<float> tables, float slack)
    {
        var segment = context.View.Segment;
        var live = context.View.Live;
        var lows = segment.PostingLows;
        var codes = segment.PostingCodes;
        var chunkStarts = segment.ChunkStarts;
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
            doc = Math.Min(doc, cursors[i].Doc(lows));
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
                var at = cursor.Doc(lows);
                if (at == doc)
                {
                    partial += cursor.Contribution(codes, tables);
                    cursor.Advance(chunkStarts);
                    context.PostingsScored++;
                    at = cursor.Doc(lows);
                }

                next = Math.Min(next, at);
            }

            // A candidate whose lists all turned non-essential since it was chosen is still judged correctly: Survives probes them.
            if (live.IsLive(doc)
                && Survives(context, new PostingArrays(chunkStarts, lows, codes, tables), cursors, prefix, firstEssential, doc, partial, threshold, slack))
            {
                context.Offer(doc, context.ExactScore(doc));
            }

            doc = next;
        }
    }

    private static bool Survives(
        SegmentSearchContext context,
        PostingArrays postings,
        Span<PostingCursor> cursors,
        ReadOnlySpan<float> prefix,
        int firstEssential,
        int doc,
        float partial,
        float threshold,
        float slack)
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
            if (cursor.SeekTo(postings.ChunkStarts, postings.Lows, doc))
            {
                partial += cursor.Contribution(postings.Codes, postings.Tables);
                context.PostingsScored++;
            }
        }

        return partial + slack >= threshold;
    }

    /// <summary>The segment's posting arrays and the query's score tables, passed together to the probing of non-essential lists.</summary>
    private readonly ref struct PostingArrays(ReadOnlySpan<long> chunkStarts, ReadOnlySpan<ushort> lows, ReadOnlySpan<byte> codes, ReadOnlySpan<float> tables)
    {
        public ReadOnlySpan<long> ChunkStarts { get; } = chunkStarts;

        public ReadOnlySpan<ushort> Lows { get; } = lows;

        public ReadOnlySpan<byte> Codes { get; } = codes;

        public ReadOnlySpan<float> Tables { get; } = tables;
    }
}
