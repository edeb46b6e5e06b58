using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Splade.Index.Segments;

namespace Splade.Index.Search;

/// <summary>Exact term-at-a-time search: accumulates the postings' weight codes one chunk of documents at a time, then re-scores
/// from the forward index every document whose approximate score leaves it a chance of the top k.</summary>
/// <remarks>
/// <para>
/// The postings hold 8-bit weight codes (<see cref="PostingImpacts"/>), so an accumulated score is within a known bound E of the
/// float32 dot product. Accumulation runs chunk by chunk (<see cref="PostingsFileBuilder.ChunkSize"/> documents), so the score array
/// and its bitset of matched documents stay in the processor's cache however large the segment is, and every posting is a table
/// lookup and an add.
/// </para>
/// <para>
/// Exactness: let A be the k-th best approximate score among the documents that are live and pass the filter. Those k documents
/// score at least A - E exactly, so the true k-th score is at least A - E, and a document whose approximate score is below A - 2E
/// (or below the k-th score already collected minus E) cannot reach it. Every other matched document is a candidate; candidates
/// are re-scored from the forward index in descending approximate order, in the same term order as a brute-force scan (so scores
/// agree bit for bit), until the next one's approximate score plus E falls below the collector's k-th score.
/// </para>
/// <para>
/// Once k documents are known and every contribution is positive, a chunk may skip the light weight tiers of query terms, or whole
/// terms, where they add least per posting read (<see cref="ChooseSkippedTiers"/>); <see cref="CandidateSelector"/> then widens each
/// document's upper bound by what they could add.
/// </para>
/// </remarks>
internal sealed class TermAtATimeScorer : ISegmentScorer
{
    /// <summary>The share of the threshold that skipped tiers may add at most: more skips more postings but leaves more
    /// documents to re-score; 0.3 was the fastest share measured (docs/INDEX.md, "Measurements behind the design").</summary>
    private const double SkippedShare = 0.3;

    /// <summary>Float32 rounding of a sum of skipped contributions, relative to the sum, generously.</summary>
    private const double SkippedRounding = 1e-4;

    [ThreadStatic]
    private static TermAtATimeScratch? t_scratch;

    private TermAtATimeScorer()
    {
    }

    public static TermAtATimeScorer Instance { get; } = new();

    public SearchAlgorithm Algorithm => SearchAlgorithm.TermAtATime;

    public bool CanScore(Segment segment) => true;

    public void Score(PreparedQuery query, SegmentCollector collector)
    {
        var segment = collector.Segment;
        var resolved = ResolvedQuery.ForCurrentThread().Resolve(query, segment);
        var terms = resolved.Terms;
        if (terms == 0)
        {
            return;
        }

        var scratch = t_scratch ??= new TermAtATimeScratch();
        scratch.Begin(resolved);
        try
        {
            var errorBound = resolved.ErrorBound;
            var selector = new CandidateSelector(query, collector, scratch, errorBound);
            var positive = resolved.Positive;
            if (positive)
            {
                scratch.OrderSkipSteps(resolved);
            }

            long postings = 0;
            for (var chunk = 0; chunk < segment.ChunkCount; chunk++)
            {
                if (positive)
                {
                    selector.BeginChunk(ChooseSkippedTiers(scratch, resolved, selector.Threshold, errorBound));
                    postings += AccumulatePositive(segment, scratch, resolved, chunk);
                    CollectNonZero(segment, scratch, chunk, ref selector);
                }
                else
                {
                    postings += Accumulate(segment, scratch, resolved, chunk);
                    Collect(segment, scratch, chunk, ref selector);
                }
            }

            collector.Hits.AddWork(postings);
            selector.Rescore();
        }
        catch
        {
            scratch.Reset();
            throw;
        }
    }

    /// <summary>Adds every posting of the chunk to its document's score and marks the document matched.</summary>
    /// <remarks>
    /// The adds go through <see cref="Unsafe.Add{T}(ref T, int)"/>: the score array holds exactly <see cref="PostingsFileBuilder.ChunkSize"/>
    /// floats, the bitset that many bits, a table 256 entries, and a posting's parts are a u16 and a byte, so every index is in range.
    /// The JIT cannot prove it, and the bounds checks cost a measurable share of the search (docs/INDEX.md, "Measurements behind
    /// the design").
    /// </remarks>
    private static long Accumulate(Segment segment, TermAtATimeScratch scratch, ResolvedQuery resolved, int chunk)
    {
        ref var scores = ref MemoryMarshal.GetArrayDataReference(scratch.Scores);
        ref var matched = ref MemoryMarshal.GetArrayDataReference(scratch.Matched);
        long postings = 0;
        for (var i = 0; i < resolved.Terms; i++)
        {
            ref var table = ref MemoryMarshal.GetReference(resolved.Table(i));
            for (var tier = 0; tier < segment.Tiers; tier++)
            {
                segment.GetChunkPostings(resolved.TermOrdinals[i], tier, chunk, out var lows, out var codes);
                postings += lows.Length;
                codes = codes[..lows.Length];
                for (var p = 0; p < lows.Length; p++)
                {
                    int low = lows[p];
                    Unsafe.Add(ref scores, low) += Unsafe.Add(ref table, codes[p]);
                    Unsafe.Add(ref matched, low >> 6) |= 1UL << low;
                }
            }
        }

        return postings;
    }

    /// <summary>As <see cref="Accumulate"/> without the bitset (with every table entry above zero, a matched document's score is not
    /// zero), and without the tiers <see cref="ChooseSkippedTiers"/> marked.</summary>
    private static long AccumulatePositive(Segment segment, TermAtATimeScratch scratch, ResolvedQuery resolved, int chunk)
    {
        ref var scores = ref MemoryMarshal.GetArrayDataReference(scratch.Scores);
        long postings = 0;
        for (var i = 0; i < resolved.Terms; i++)
        {
            ref var table = ref MemoryMarshal.GetReference(resolved.Table(i));
            for (var tier = scratch.SkippedTiers[i]; tier < segment.Tiers; tier++)
            {
                segment.GetChunkPostings(resolved.TermOrdinals[i], tier, chunk, out var lows, out var codes);
                postings += lows.Length;
                codes = codes[..lows.Length];
                AddPostings(ref scores, ref table, ref MemoryMarshal.GetReference(lows), ref MemoryMarshal.GetReference(codes), lows.Length);
            }
        }

        return postings;
    }

    /// <summary>Adds each posting's table entry to its document's score.</summary>
    /// <remarks>
    /// A method of its own so that the loop gets registers to itself: inlined in <see cref="AccumulatePositive"/>, the JIT kept
    /// the postings' address on the stack and reloaded it for every posting. A native-sized index and four postings a round save
    /// the sign extension and part of the loop overhead (docs/INDEX.md, "Measurements behind the design").
    /// </remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AddPostings(ref float scores, ref float table, ref ushort lows, ref byte codes, int count)
    {
        nint p = 0;
        for (; p + 4 <= count; p += 4)
        {
            Unsafe.Add(ref scores, Unsafe.Add(ref lows, p)) += Unsafe.Add(ref table, Unsafe.Add(ref codes, p));
            Unsafe.Add(ref scores, Unsafe.Add(ref lows, p + 1)) += Unsafe.Add(ref table, Unsafe.Add(ref codes, p + 1));
            Unsafe.Add(ref scores, Unsafe.Add(ref lows, p + 2)) += Unsafe.Add(ref table, Unsafe.Add(ref codes, p + 2));
            Unsafe.Add(ref scores, Unsafe.Add(ref lows, p + 3)) += Unsafe.Add(ref table, Unsafe.Add(ref codes, p + 3));
        }

        for (; p < count; p++)
        {
            Unsafe.Add(ref scores, Unsafe.Add(ref lows, p)) += Unsafe.Add(ref table, Unsafe.Add(ref codes, p));
        }
    }

    /// <summary>
    /// Marks the tiers a chunk skips, each term's lightest first, and returns the most they can add to a score. A document has at
    /// most one posting per term, so skipping a term's tiers up to t adds that tier's bound (<see cref="ResolvedQuery.CumulativeTierBounds"/>)
    /// to the document's upper bound, whatever the lighter tiers' bounds. Steps (the next tier of a term) are taken by ascending
    /// added bound per posting while the bounds sum to under <see cref="SkippedShare"/> of the threshold, and always to less than
    /// the threshold minus the error bound, so that a document found only through skipped tiers cannot reach the top k. Every
    /// skipped posting adds something non-negative, so a document's coded score from the rest, less E, still bounds it from below.
    /// </summary>
    private static double ChooseSkippedTiers(TermAtATimeScratch scratch, ResolvedQuery resolved, double threshold, float errorBound)
    {
        var terms = resolved.Terms;
        var skipped = scratch.SkippedTiers.AsSpan(0, terms);
        skipped.Clear();
        if (!(threshold > 0) || double.IsInfinity(threshold))
        {
            return 0;
        }

        var budget = Math.Min(SkippedShare * threshold, (threshold - errorBound) / (1 + SkippedRounding));
        var tiers = resolved.Tiers;
        double sum = 0;
        foreach (var step in scratch.SkipOrder.AsSpan(0, terms * tiers))
        {
            var term = step / tiers;
            var tier = step - (term * tiers);
            if (skipped[term] != tier)
            {
                continue;
            }

            var added = TermAtATimeScratch.AddedBound(resolved, step);
            if (sum + added < budget)
            {
                skipped[term]++;
                sum += added;
            }
        }

        return sum * (1 + SkippedRounding);
    }

    /// <summary>Hands every document of the chunk with a non-zero score at or above the floor to the selector, and zeroes the scores.</summary>
    private static void CollectNonZero(Segment segment, TermAtATimeScratch scratch, int chunk, ref CandidateSelector selector)
    {
        var first = chunk << PostingsFileBuilder.ChunkBits;
        var scores = scratch.Scores.AsSpan(0, PostingsFileBuilder.ChunkLength(segment.DocumentCount, chunk));
        var width = Vector<float>.Count;
        var i = 0;
        for (; i + width <= scores.Length; i += width)
        {
            // Once the floor has risen, most documents are below it and a whole vector of them is cleared without looking at each.
            if (!Vector.GreaterThanOrEqualAny(new Vector<float>(scores[i..]), new Vector<float>(selector.Floor)))
            {
                Vector<float>.Zero.CopyTo(scores[i..]);
                continue;
            }

            for (var low = i; low < i + width; low++)
            {
                CollectOne(scores, low, first, ref selector);
            }
        }

        for (; i < scores.Length; i++)
        {
            CollectOne(scores, i, first, ref selector);
        }
    }

    private static void CollectOne(Span<float> scores, int low, int first, ref CandidateSelector selector)
    {
        var score = scores[low];
        if (score == 0f)
        {
            return;
        }

        scores[low] = 0f;
        if (score >= selector.Floor)
        {
            selector.Consider(first + low, score);
        }
    }

    /// <summary>Hands every matched document of the chunk to the selector and leaves the scores and bitset zeroed for the next chunk.</summary>
    private static void Collect(Segment segment, TermAtATimeScratch scratch, int chunk, ref CandidateSelector selector)
    {
        var scores = scratch.Scores;
        var matched = scratch.Matched;
        var first = chunk << PostingsFileBuilder.ChunkBits;
        var words = (PostingsFileBuilder.ChunkLength(segment.DocumentCount, chunk) + 63) >> 6;
        for (var word = 0; word < words; word++)
        {
            var bits = matched[word];
            if (bits == 0)
            {
                continue;
            }

            matched[word] = 0;
            while (bits != 0)
            {
                var low = (word << 6) + BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
                var score = scores[low];
                scores[low] = 0f;
                if (score >= selector.Floor)
                {
                    selector.Consider(first + low, score);
                }
            }
        }
    }
}
