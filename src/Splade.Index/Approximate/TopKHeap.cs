namespace Splade.Index.Approximate;

/// <summary>
/// The k best hits seen so far, as a binary min-heap whose root is the worst kept hit: lower score, or equal score and higher ordinal.
/// </summary>
/// <remarks>Ties go to the lower ordinal, so results are deterministic and match a brute-force sort by (score descending, ordinal ascending).</remarks>
internal sealed class TopKHeap
{
    private ScoredOrdinal[] _items = new ScoredOrdinal[16];

    public int Capacity { get; private set; }

    public int Count { get; private set; }

    public bool IsFull => Count == Capacity;

    /// <summary>The worst kept score; meaningful only when <see cref="IsFull"/>.</summary>
    public float Threshold => _items[0].Score;

    public void Reset(int capacity)
    {
        if (_items.Length < capacity)
        {
            _items = new ScoredOrdinal[capacity];
        }

        Capacity = capacity;
        Count = 0;
    }

    public void Offer(int ordinal, float score)
    {
        var hit = new ScoredOrdinal(ordinal, score);
        if (Count < Capacity)
        {
            _items[Count] = hit;
            SiftUp(Count);
            Count++;
            return;
        }

        if (IsWorse(_items[0], hit))
        {
            _items[0] = hit;
            SiftDown(0);
        }
    }

    /// <summary>Writes the kept hits best first into <paramref name="destination"/> and returns how many; empties the heap.</summary>
    public int DrainBestFirst(Span<ScoredOrdinal> destination)
    {
        var written = Math.Min(Count, destination.Length);
        while (Count > 0)
        {
            var worst = _items[0];
            Count--;
            if (Count > 0)
            {
                _items[0] = _items[Count];
                SiftDown(0);
            }

            if (Count < written)
            {
                destination[Count] = worst;
            }
        }

        return written;
    }

    private static bool IsWorse(ScoredOrdinal left, ScoredOrdinal right)
        => left.Score < right.Score || (left.Score == right.Score && left.Ordinal > right.Ordinal);

    private void SiftUp(int position)
    {
        var item = _items[position];
        while (position > 0)
        {
            var parent = (position - 1) >> 1;
            if (!IsWorse(item, _items[parent]))
            {
                break;
            }

            _items[position] = _items[parent];
            position = parent;
        }

        _items[position] = item;
    }

    private void SiftDown(int position)
    {
        var item = _items[position];
        while (true)
        {
            var child = (2 * position) + 1;
            if (child >= Count)
            {
                break;
            }

            if (child + 1 < Count && IsWorse(_items[child + 1], _items[child]))
            {
                child++;
            }

            if (!IsWorse(_items[child], item))
            {
                break;
            }

            _items[position] = _items[child];
            position = child;
        }

        _items[position] = item;
    }
}
