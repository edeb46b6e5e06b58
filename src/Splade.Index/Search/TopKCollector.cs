namespace Splade.Index.Search;

/// <summary>Keeps the best k candidates in a bounded min-heap whose root is the worst kept one.</summary>
/// <remarks>Ranking is total (score, then insertion sequence), so the result does not depend on the order candidates arrive in.</remarks>
internal sealed class TopKCollector
{
    private readonly ScoredDocument[] _heap;
    private int _count;

    public TopKCollector(int k) => _heap = new ScoredDocument[k];

    public int Count => _count;

    /// <summary>The k the collector keeps.</summary>
    public int Capacity => _heap.Length;

    public bool IsFull => _count == _heap.Length;

    /// <summary>The score a candidate must reach to be considered: the worst kept score when full, negative infinity otherwise.</summary>
    public float Threshold => IsFull ? _heap[0].Score : float.NegativeInfinity;

    /// <summary>Whether a candidate with this score and sequence would be kept.</summary>
    public bool WouldAccept(float score, long sequence)
        => !IsFull || new ScoredDocument(score, sequence, 0, 0).RanksBefore(_heap[0]);

    public void Offer(in ScoredDocument candidate)
    {
        if (_count < _heap.Length)
        {
            _heap[_count] = candidate;
            SiftUp(_count++);
        }
        else if (candidate.RanksBefore(_heap[0]))
        {
            _heap[0] = candidate;
            SiftDown(0);
        }
    }

    /// <summary>Returns the kept candidates, best first.</summary>
    public ScoredDocument[] ToSortedArray()
    {
        var result = _heap.AsSpan(0, _count).ToArray();
        Array.Sort(result, static (a, b) => a.RanksBefore(b) ? -1 : b.RanksBefore(a) ? 1 : 0);
        return result;
    }

    private void SiftUp(int index)
    {
        while (index > 0)
        {
            var parent = (index - 1) / 2;
            if (!_heap[parent].RanksBefore(_heap[index]))
            {
                return;
            }

            (_heap[parent], _heap[index]) = (_heap[index], _heap[parent]);
            index = parent;
        }
    }

    private void SiftDown(int index)
    {
        while (true)
        {
            var left = (2 * index) + 1;
            if (left >= _count)
            {
                return;
            }

            var worst = left + 1 < _count && _heap[left].RanksBefore(_heap[left + 1]) ? left + 1 : left;
            if (!_heap[index].RanksBefore(_heap[worst]))
            {
                return;
            }

            (_heap[worst], _heap[index]) = (_heap[index], _heap[worst]);
            index = worst;
        }
    }
}
