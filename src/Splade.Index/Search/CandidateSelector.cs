using Splade.Index.Approximate;

namespace Splade.Index.Search;

/// <summary>Keeps the documents whose approximate scores leave them a chance of the top k, and re-scores them exactly at the end.</summary>
/// <remarks>See <see cref="TermAtATimeScorer"/> for why the floor below which documents are dropped never drops one of the top k.</remarks>
internal struct CandidateSelector
{
    private readonly SegmentSearchContext _context;
    private readonly TermAtATimeScratch _scratch;
    private readonly double _errorBound;
    private readonly float _collectorFloor;
    private int _count;
    private int _compactAt;

    public CandidateSelector(SegmentSearchContext context, TermAtATimeScratch scratch, float errorBound)
    {
        _context = context;
        _scratch = scratch;
        _errorBound = errorBound;
        scratch.Heap.Reset(context.Collector.Capacity);
        _collectorFloor = Below(context.Collector.Threshold - _errorBound);
        Floor = _collectorFloor;
        _compactAt = scratch.CandidateDocs.Length;
    }

    /// <summary>Approximate scores below this cannot reach the top k.</summary>
    public float Floor { get; private set; }

    public void Consider(int ordinal, float score)
    {
        if (!_context.View.Live.IsLive(ordinal))
        {
            return;
        }

        var heap = _scratch.Heap;
        if (!heap.IsFull || score > heap.Threshold)
        {
            if (!_context.PassesFilter(ordinal))
            {
                return;
            }

            heap.Offer(ordinal, score);
            if (heap.IsFull)
            {
                Floor = Math.Max(_collectorFloor, Below(heap.Threshold - (2 * _errorBound)));
            }
        }

        if (_count == _compactAt)
        {
            Compact();
        }

        _scratch.CandidateDocs[_count] = ordinal;
        _scratch.CandidateScores[_count++] = score;
    }

    /// <summary>Re-scores the candidates in descending approximate order until none left can enter the collector.</summary>
    public void Rescore()
    {
        Compact();
        var scores = _scratch.CandidateScores.AsSpan(0, _count);
        var docs = _scratch.CandidateDocs.AsSpan(0, _count);
        scores.Sort(docs);
        var collector = _context.Collector;
        for (var i = scores.Length - 1; i >= 0; i--)
        {
            if (scores[i] + _errorBound < collector.Threshold)
            {
                return;
            }

            _context.Offer(docs[i], _context.ExactScore(docs[i]));
        }
    }

    /// <summary>The largest float at or below <paramref name="value"/>, one step lower so its own rounding cannot raise a floor; no floor
    /// at all for NaN, which an infinite error bound (weights near the float32 limit) gives against an infinite score.</summary>
    private static float Below(double value)
        => double.IsNegativeInfinity(value) || double.IsNaN(value) ? float.NegativeInfinity : MathF.BitDecrement((float)value);

    /// <summary>Drops the candidates now below the floor, and doubles the lists when most survive.</summary>
    private void Compact()
    {
        var docs = _scratch.CandidateDocs;
        var scores = _scratch.CandidateScores;
        var kept = 0;
        for (var i = 0; i < _count; i++)
        {
            if (scores[i] >= Floor)
            {
                docs[kept] = docs[i];
                scores[kept++] = scores[i];
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
