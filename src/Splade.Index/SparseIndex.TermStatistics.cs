using Splade.Index.Segments;

namespace Splade.Index;

public sealed partial class SparseIndex
{
    /// <summary>For each of <paramref name="terms"/>, the number of live documents whose sparse vector has a non-zero weight for it.</summary>
    /// <remarks>
    /// Exact as of the last completed write: deleted and replaced documents are not counted, even before a merge reclaims them. The
    /// cost is that of reading the terms' postings once (a segment without deletions answers from its posting counts alone). Callers
    /// compute an inverse document frequency from it and <see cref="Count"/>, as BM25 does.
    /// </remarks>
    public long[] DocumentFrequencies(ReadOnlySpan<uint> terms)
    {
        var counts = new long[terms.Length];
        _readerGate.EnterReadLock();
        try
        {
            ThrowIfDisposed();
            foreach (var view in _snapshot.Segments)
            {
                if (view.Live.LiveCount == 0)
                {
                    continue;
                }

                for (var i = 0; i < terms.Length; i++)
                {
                    if (view.Segment.TryGetTerm(terms[i], out var termOrdinal))
                    {
                        counts[i] += CountLivePostings(view, termOrdinal);
                    }
                }
            }
        }
        finally
        {
            _readerGate.ExitReadLock();
        }

        return counts;
    }

    private static long CountLivePostings(SegmentView view, int termOrdinal)
    {
        var segment = view.Segment;
        long count = 0;
        if (view.Live.LiveCount == segment.DocumentCount)
        {
            for (var tier = 0; tier < segment.Tiers; tier++)
            {
                count += segment.TierPostingCount(termOrdinal, tier);
            }

            return count;
        }

        for (var tier = 0; tier < segment.Tiers; tier++)
        {
            for (var chunk = 0; chunk < segment.ChunkCount; chunk++)
            {
                segment.GetChunkPostings(termOrdinal, tier, chunk, out var lows, out _);
                var first = chunk << PostingsFileBuilder.ChunkBits;
                foreach (var low in lows)
                {
                    count += view.Live.IsLive(first + low) ? 1 : 0;
                }
            }
        }

        return count;
    }
}
