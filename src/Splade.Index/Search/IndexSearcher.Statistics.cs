using Splade.Index.Segments;

namespace Splade.Index.Search;

internal sealed partial class IndexSearcher
{
    /// <summary>The ids of every live document, in no particular order.</summary>
    public List<string> GetIds()
    {
        var ids = new List<string>(Snapshot.LiveCount);
        foreach (var view in Snapshot.Segments)
        {
            for (var ordinal = 0; ordinal < view.Segment.DocumentCount; ordinal++)
            {
                if (view.Live.IsLive(ordinal))
                {
                    ids.Add(view.Segment.Documents.GetId(ordinal));
                }
            }
        }

        return ids;
    }

    /// <summary>See <see cref="SparseIndex.DocumentFrequencies"/>.</summary>
    public long[] DocumentFrequencies(ReadOnlySpan<uint> terms)
    {
        var counts = new long[terms.Length];
        foreach (var view in Snapshot.Segments)
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

        return counts;
    }

    /// <summary>See <see cref="SparseIndex.GetStatistics"/>.</summary>
    public IndexStatistics Statistics()
    {
        int documents = 0, deleted = 0, segments = 0, buffered = 0, approximateSegments = 0;
        long terms = 0, postings = 0, bytes = 0;
        foreach (var view in Snapshot.Segments)
        {
            documents += view.Live.LiveCount;
            deleted += view.Segment.DocumentCount - view.Live.LiveCount;
            if (view.Persisted)
            {
                segments++;
                approximateSegments += view.Segment.Approximate is null ? 0 : 1;
                terms += view.Segment.TermCount;
                postings += view.Segment.PostingCount;
                bytes += view.Segment.SizeInBytes;
            }
            else
            {
                buffered += view.Live.LiveCount;
            }
        }

        return new IndexStatistics
        {
            Documents = documents,
            DeletedDocuments = deleted,
            Segments = segments,
            BufferedDocuments = buffered,
            Terms = terms,
            Postings = postings,
            SegmentBytes = bytes,
            DenseDimension = Snapshot.DenseDimension,
            DensePrecision = Snapshot.DensePrecision,
            ApproximateSegments = approximateSegments,
            Approximate = Snapshot.Approximate?.Build,
            ApproximateSearch = Snapshot.Approximate?.Tuned,
            ApproximateTunedRecall = Snapshot.Approximate?.TunedRecall,
            ApproximateTargetRecall = Snapshot.Approximate?.TargetRecall,
            ApproximateSearchesExactly = Snapshot.Approximate?.Exact ?? false,
        };
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
