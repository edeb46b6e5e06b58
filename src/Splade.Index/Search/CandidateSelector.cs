using Splade.Index.Approximate;

namespace Splade.Index.Search;

/// <summary>Keeps the documents whose score bounds leave them a chance of the top k, and re-scores them exactly at the end.</summary>
/// <remarks>
/// A document enters with a coded score s, the codes' error bound E and the most the chunk's skipped terms could add, R: its exact
/// score lies in [s - E, s + E + R] (skipped terms add nothing negative, which term-at-a-time checks before skipping any). The
/// k-th best lower bound among live documents that pass the filter, or the collector's k-th exact score if higher, is a score the
/// top k must reach; a document whose upper bound is below it is dropped. See <see cref="TermAtATimeScorer"/>.
/// </remarks>
internal struct CandidateSelector
{
    /// <summary>How many documents ahead of the one being scored their row starts are prefetched; the rows themselves are
    /// prefetched half as far ahead, when their starts have had time to arrive.</summary>
    private const int RowPrefetchDistance = 16;

    private readonly PreparedQuery _query;
    private readonly SegmentCollector _collector;
    private readonly TermAtATimeScratch _scratch;
    private readonly double _errorBound;
    private double _skipped;
    private int _count;
    private int _compactAt;

    public CandidateSelector(PreparedQuery query, SegmentCollector collector, TermAtATimeScratch scratch, float errorBound)
    {
        _query = query;
        _collector = collector;
        _scratch = scratch;
        _errorBound = errorBound;
        scratch.Heap.Reset(collector.Hits.Capacity);
        Threshold = collector.Hits.Threshold;
        _compactAt = scratch.CandidateDocs.Length;
        UpdateFloor();
    }

    /// <summary>An exact score the top k must reach: negative infinity until k lower bounds or k exact scores are known.</summary>
    public double Threshold { get; private set; }

    /// <summary>Coded scores below this cannot reach the top k in the current chunk.</summary>
    public float Floor { get; private set; }

    /// <summary>Starts a chunk whose skipped query terms can add at most <paramref name="skipped"/> to a document's score.</summary>
    public void BeginChunk(double skipped)
    {
        _skipped = skipped;
        UpdateFloor();
    }

    public void Consider(int ordinal, float score)
    {
        if (!_collector.Live.IsLive(ordinal))
        {
            return;
        }

        var heap = _scratch.Heap;
        var lower = Below(score - _errorBound);
        if (!heap.IsFull || lower > heap.Worst.Score)
        {
            if (!_collector.PassesFilter(ordinal))
            {
                return;
            }

            heap.Offer(new ScoredOrdinal(lower, ordinal, 0, ordinal));
            if (heap.IsFull && heap.Worst.Score > Threshold)
            {
                Threshold = heap.Worst.Score;
                UpdateFloor();
            }
        }

        var upper = score + _errorBound + _skipped;
        if (upper < Threshold)
        {
            return;
        }

        if (_count == _compactAt)
        {
            Compact();
        }

        _scratch.CandidateDocs[_count] = ordinal;
        _scratch.CandidateScores[_count++] = MathF.BitIncrement((float)upper);
    }

    /// <summary>Re-scores the candidates in descending upper bound until none left can enter the collector.</summary>
    public void Rescore()
    {
        Compact();
        var bounds = _scratch.CandidateScores.AsSpan(0, _count);
        var docs = _scratch.CandidateDocs.AsSpan(0, _count);
        bounds.Sort(docs);
        bounds.Reverse();
        docs.Reverse();
        var segment = _collector.Segment;
        if (segment.NarrowTerms)
        {
            RescoreNarrow(bounds, docs);
            return;
        }

        var hits = _collector.Hits;
        for (var i = 0; i < bounds.Length && bounds[i] >= hits.Threshold; i++)
        {
            _collector.Offer(docs[i], _query.ExactScore(segment, docs[i]));
        }
    }

    /// <summary>As <see cref="Rescore"/> with the query scattered into a dense array, and with the rows of the documents next in
    /// line prefetched (<see cref="CacheHints"/>): first their row starts, then, once those have arrived, the rows themselves.</summary>
    private readonly void RescoreNarrow(ReadOnlySpan<float> bounds, ReadOnlySpan<int> docs)
    {
        var segment = _collector.Segment;
        var hits = _collector.Hits;
        var dense = _query.Scattered;
        for (var i = 0; i < Math.Min(RowPrefetchDistance, docs.Length); i++)
        {
            segment.PrefetchForwardStart(docs[i]);
        }

        for (var i = 0; i < bounds.Length && bounds[i] >= hits.Threshold; i++)
        {
            if (i + RowPrefetchDistance < docs.Length)
            {
                segment.PrefetchForwardStart(docs[i + RowPrefetchDistance]);
            }

            if (i + RowPrefetchDistance / 2 < docs.Length)
            {
                segment.PrefetchForward(docs[i + RowPrefetchDistance / 2]);
            }

            segment.GetForward(docs[i], out ReadOnlySpan<ushort> indices, out var values);
            _collector.Offer(docs[i], DenseQueryKernels.OrderedDot(dense, indices, values));
        }
    }

    /// <summary>The largest float at or below <paramref name="value"/>, one step lower so its own rounding cannot raise a bound; negative
    /// infinity for NaN, which an infinite error bound (weights near the float32 limit) gives against an infinite score.</summary>
    private static float Below(double value)
        => double.IsNegativeInfinity(value) || double.IsNaN(value) ? float.NegativeInfinity : MathF.BitDecrement((float)value);

    private void UpdateFloor() => Floor = Below(Threshold - _errorBound - _skipped);

    /// <summary>Drops the candidates whose upper bound is now below the threshold, and doubles the lists when most survive.</summary>
    private void Compact()
    {
        var docs = _scratch.CandidateDocs;
        var bounds = _scratch.CandidateScores;
        var kept = 0;
        for (var i = 0; i < _count; i++)
        {
            if (bounds[i] >= Threshold)
            {
                docs[kept] = docs[i];
                bounds[kept++] = bounds[i];
            }
        }

        _count = kept;
        if (_count * 2 > _scratch.CandidateDocs.Length)
        {
            _scratch.GrowCandidates();
        }

        _compactAt = _scratch.CandidateDocs.Length;
    }
}
