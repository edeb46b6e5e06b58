using Splade.Index;

namespace Splade.Retrieval.Hybrid;

/// <summary>Keeps the k best (position, score) pairs seen, ties broken by ascending ordinal id.</summary>
internal sealed class TopKCollector
{
    private readonly int _k;
    private readonly IReadOnlyList<string> _ids;
    private readonly PriorityQueue<int, (float Score, string Id)> _heap;

    public TopKCollector(int k, IReadOnlyList<string> ids)
    {
        _k = k;
        _ids = ids;
        _heap = new PriorityQueue<int, (float Score, string Id)>(k + 1, WorstFirst.Instance);
    }

    public void Offer(int position, float score)
    {
        var key = (score, _ids[position]);
        if (_heap.Count < _k)
        {
            _heap.Enqueue(position, key);
        }
        else if (_heap.TryPeek(out _, out var worst) && WorstFirst.Instance.Compare(key, worst) > 0)
        {
            _heap.DequeueEnqueue(position, key);
        }
    }

    public List<SearchHit> ToHits()
    {
        var result = new SearchHit[_heap.Count];
        for (var i = result.Length - 1; i >= 0; i--)
        {
            _heap.TryDequeue(out var position, out var key);
            result[i] = new SearchHit(_ids[position], key.Score);
        }

        return [.. result];
    }

    /// <summary>Orders keys worst first: lower score, then larger id.</summary>
    private sealed class WorstFirst : IComparer<(float Score, string Id)>
    {
        public static readonly WorstFirst Instance = new();

        public int Compare((float Score, string Id) x, (float Score, string Id) y)
        {
            var byScore = x.Score.CompareTo(y.Score);
            return byScore != 0 ? byScore : string.CompareOrdinal(y.Id, x.Id);
        }
    }
}
