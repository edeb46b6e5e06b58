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
internal sealed class MaxScoreScorer : ISegmentScorer
{
    private MaxScoreScorer()
    {
    }

    public static MaxScoreScorer Instance { get; } = new();

    public SearchAlgorithm Algorithm => SearchAlgorithm.MaxScore;

    public bool CanScore(Segment segment) => true;

    public void Score(PreparedQuery query, SegmentCollector collector)
    {
        var segment = collector.Segment;
        var resolved = ResolvedQuery.ForCurrentThread().Resolve(query, segment);
        var cursors = ArrayPool<PostingCursor>.Shared.Rent(Math.Max(1, resolved.Terms * resolved.Tiers));
        var count = 0;
        try
        {
            for (var i = 0; i < resolved.Terms; i++)
            {
                for (var tier = 0; tier < resolved.Tiers; tier++)
                {
                    var at = (i * resolved.Tiers) + tier;
                    if (resolved.TierPostings[at] == 0)
                    {
                        continue;
                    }

                    var list = (resolved.TermOrdinals[i] * resolved.Tiers) + tier;
                    cursors[count++] = new PostingCursor(
                        segment.ChunkStarts, list, segment.ChunkCount, i * PostingImpacts.Levels, resolved.ListBounds[at]);
                }
            }

            var active = cursors.AsSpan(0, count);
            active.Sort(static (a, b) => a.Bound.CompareTo(b.Bound));
            // The bounds' prefix sums add one bound per list, up to one list per tier of a term.
            var slack = resolved.ErrorBoundOverLists(count) + 1e-30f;
            Run(query, collector, active, resolved.AllTables, slack);
        }
        finally
        {
            ArrayPool<PostingCursor>.Shared.Return(cursors, clearArray: true);
        }
    }

    private static void Run(
        PreparedQuery query, SegmentCollector collector, Span<PostingCursor> cursors, ReadOnlySpan<float> tables, float slack)
    {
        var segment = collector.Segment;
        var live = collector.Live;
        var hits = collector.Hits;
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
        long scored = 0;
        for (var i = 0; i < cursors.Length; i++)
        {
            doc = Math.Min(doc, cursors[i].Doc(lows));
        }

        while (doc != int.MaxValue)
        {
            var current = hits.Threshold;
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
                    scored++;
                    at = cursor.Doc(lows);
                }

                next = Math.Min(next, at);
            }

            // A candidate whose lists all turned non-essential since it was chosen is still judged correctly: Survives probes them.
            var postings = new PostingArrays(chunkStarts, lows, codes, tables);
            if (live.IsLive(doc) && Survives(postings, cursors, prefix, firstEssential, doc, partial, threshold, slack, ref scored))
            {
                collector.Offer(doc, query.ExactScore(segment, doc));
            }

            doc = next;
        }

        hits.AddWork(scored);
    }

    private static bool Survives(
        PostingArrays postings,
        Span<PostingCursor> cursors,
        ReadOnlySpan<float> prefix,
        int firstEssential,
        int doc,
        float partial,
        float threshold,
        float slack,
        ref long scored)
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
                scored++;
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
