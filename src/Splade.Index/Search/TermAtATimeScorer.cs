using System.Buffers;
using System.Numerics;

namespace Splade.Index.Search;

/// <summary>Exact term-at-a-time search: adds every posting of every query term into a pooled per-document accumulator.</summary>
/// <remarks>
/// <para>Terms are visited in ascending index order, so each document's sum is formed in the same order as a brute-force dot
/// product and the scores agree bit for bit.</para>
/// <para>Two accumulator layouts, chosen per segment from the number of postings the query will read. When the postings are
/// few next to the segment's documents, a list of touched documents keeps the final pass proportional to the work done.
/// When they are many (SPLADE queries over large segments touch most documents), a dense score array with a bitset of
/// matched documents avoids the touched-list branch on every posting, which mispredicts about half the time while the
/// query's first terms are read, and the final pass walks the bitset a 64-document word at a time.</para>
/// </remarks>
internal static class TermAtATimeScorer
{
    /// <summary>The dense layout pays off once the postings reach this fraction of the segment's documents.</summary>
    private const int DenseLayoutDivisor = 8;

    public static void Search(SegmentSearchContext context)
    {
        var segment = context.View.Segment;
        var queryIndices = context.Query.Indices;
        var termOrdinals = ArrayPool<int>.Shared.Rent(Math.Max(1, queryIndices.Length));
        try
        {
            long postings = 0;
            for (var q = 0; q < queryIndices.Length; q++)
            {
                if (segment.TryGetTerm(queryIndices[q], out var term))
                {
                    termOrdinals[q] = term;
                    postings += segment.TermStarts[term + 1] - segment.TermStarts[term];
                }
                else
                {
                    termOrdinals[q] = -1;
                }
            }

            context.PostingsScored += postings;
            var terms = termOrdinals.AsSpan(0, queryIndices.Length);
            if (postings * DenseLayoutDivisor >= segment.DocumentCount)
            {
                SearchDense(context, terms);
            }
            else
            {
                SearchSparse(context, terms);
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(termOrdinals);
        }
    }

    private static void SearchSparse(SegmentSearchContext context, ReadOnlySpan<int> terms)
    {
        var segment = context.View.Segment;
        var queryValues = context.Query.Values;
        var scores = ArrayPool<float>.Shared.Rent(segment.DocumentCount);
        var seen = ArrayPool<bool>.Shared.Rent(segment.DocumentCount);
        var touched = ArrayPool<int>.Shared.Rent(Math.Max(1, segment.DocumentCount));
        var touchedCount = 0;
        seen.AsSpan(0, segment.DocumentCount).Clear();
        try
        {
            for (var q = 0; q < terms.Length; q++)
            {
                if (terms[q] < 0)
                {
                    continue;
                }

                segment.GetPostings(terms[q], out var docs, out var weights);
                var queryWeight = queryValues[q];
                for (var p = 0; p < docs.Length; p++)
                {
                    var doc = docs[p];
                    if (!seen[doc])
                    {
                        seen[doc] = true;
                        scores[doc] = 0f;
                        touched[touchedCount++] = doc;
                    }

                    scores[doc] += queryWeight * weights[p];
                }
            }

            for (var i = 0; i < touchedCount; i++)
            {
                var doc = touched[i];
                seen[doc] = false;
                OfferIfAbove(context, doc, scores[doc]);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scores);
            ArrayPool<bool>.Shared.Return(seen);
            ArrayPool<int>.Shared.Return(touched);
        }
    }

    private static void SearchDense(SegmentSearchContext context, ReadOnlySpan<int> terms)
    {
        var segment = context.View.Segment;
        var queryValues = context.Query.Values;
        var documentCount = segment.DocumentCount;
        var wordCount = (documentCount + 63) / 64;
        var scores = ArrayPool<float>.Shared.Rent(documentCount);
        var matched = ArrayPool<ulong>.Shared.Rent(wordCount);
        scores.AsSpan(0, documentCount).Clear();
        matched.AsSpan(0, wordCount).Clear();
        try
        {
            for (var q = 0; q < terms.Length; q++)
            {
                if (terms[q] < 0)
                {
                    continue;
                }

                segment.GetPostings(terms[q], out var docs, out var weights);
                var queryWeight = queryValues[q];
                for (var p = 0; p < docs.Length; p++)
                {
                    var doc = docs[p];
                    scores[doc] += queryWeight * weights[p];
                    matched[doc >> 6] |= 1UL << doc;
                }
            }

            for (var word = 0; word < wordCount; word++)
            {
                var bits = matched[word];
                while (bits != 0)
                {
                    var doc = (word << 6) + BitOperations.TrailingZeroCount(bits);
                    bits &= bits - 1;
                    OfferIfAbove(context, doc, scores[doc]);
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scores);
            ArrayPool<ulong>.Shared.Return(matched);
        }
    }

    /// <summary>Skips, without reading the document's sequence or liveness, a score below the current k-th; a score equal to it
    /// still goes to the collector, which breaks the tie by insertion order.</summary>
    private static void OfferIfAbove(SegmentSearchContext context, int doc, float score)
    {
        if (score >= context.Collector.Threshold && context.View.Live.IsLive(doc))
        {
            context.Offer(doc, score);
        }
    }
}
