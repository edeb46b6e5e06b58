using System.Buffers;

namespace Splade.Index.Search;

/// <summary>Exact term-at-a-time search: adds every posting of every query term into a pooled per-document accumulator.</summary>
/// <remarks>Terms are visited in ascending index order, so each document's sum is formed in the same order as a brute-force dot product and the scores agree bit for bit.</remarks>
internal static class TermAtATimeScorer
{
    public static void Search(SegmentSearchContext context)
    {
        var segment = context.View.Segment;
        var live = context.View.Live;
        var queryIndices = context.Query.Indices;
        var queryValues = context.Query.Values;
        var scores = ArrayPool<float>.Shared.Rent(segment.DocumentCount);
        var seen = ArrayPool<bool>.Shared.Rent(segment.DocumentCount);
        var touched = ArrayPool<int>.Shared.Rent(Math.Max(1, segment.DocumentCount));
        var touchedCount = 0;
        seen.AsSpan(0, segment.DocumentCount).Clear();
        try
        {
            for (var q = 0; q < queryIndices.Length; q++)
            {
                if (!segment.TryGetTerm(queryIndices[q], out var term))
                {
                    continue;
                }

                segment.GetPostings(term, out var docs, out var weights);
                context.PostingsScored += docs.Length;
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
                if (live.IsLive(doc))
                {
                    context.Offer(doc, scores[doc]);
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scores);
            ArrayPool<bool>.Shared.Return(seen);
            ArrayPool<int>.Shared.Return(touched);
        }
    }
}
