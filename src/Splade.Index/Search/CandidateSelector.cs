namespace Splade.Index.Search;

/// <summary>Keeps the documents whose approximate scores leave them a chance of the top k, and re-scores them exactly at the end.</summary>
/// <remarks>See <see cref="TermAtATimeScorer"/> for why the floor below which documents are dropped never drops one of the top k.</remarks>
internal struct CandidateSelector
{
    private readonly SegmentSearchContext _context;
    private readonly TermAtATimeScratch _scratch;
    private readonly double _errorBound;
    private readonly float _collectorFloor;
    private readonly int _k;
    private int _heapCount;
    private int _count;
    private int _compactAt;

    public CandidateSelector(SegmentSearchContext context, TermAtATimeScratch scratch, float errorBound)
    {
        _context = context;
        _scratch = scratch;
        _errorBound = errorBound;
        _k = context.Collector.Capacity;
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
        if (_heapCount < _k || score > heap[0])
        {
            if (!_context.PassesFilter(ordinal))
            {
                return;
            }

            PushToHeap(heap, score);
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

    /// <summary>The largest float at or below <paramref name="value"/>, one step lower so its own rounding cannot raise a floor.</summary>
    private static float Below(double value) => double.IsNegativeInfinity(value) ? float.NegativeInfinity : MathF.BitDecrement((float)value);

    private void PushToHeap(float[] heap, float score)
    {
        if (_heapCount < _k)
        {
            var at = _heapCount++;
            while (at > 0 && heap[(at - 1) / 2] > score)
            {
                heap[at] = heap[(at - 1) / 2];
                at = (at - 1) / 2;
            }

            heap[at] = score;
        }
        else
        {
            var at = 0;
            while (true)
            {
                var child = (2 * at) + 1;
                if (child >= _k)
                {
                    break;
                }

                if (child + 1 < _k && heap[child + 1] < heap[child])
                {
                    child++;
                }

                if (heap[child] >= score)
                {
                    break;
                }

                heap[at] = heap[child];
                at = child;
            }

            heap[at] = score;
        }

        if (_heapCount == _k)
        {
            Floor = Math.Max(_collectorFloor, Below(heap[0] - (2 * _errorBound)));
        }
    }

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
