namespace Splade.Core.Ranking;

/// <summary>Keeps the best k candidates offered, in a bounded binary heap whose root is the worst one kept.</summary>
/// <typeparam name="T">The candidate type (a small struct: a score and what identifies and orders it).</typeparam>
/// <typeparam name="TRanking">The order; a struct implementing <see cref="IRanking{T}"/>, called without a virtual call.</typeparam>
/// <remarks>
/// <para>With a total order the kept set, and its best-first order, do not depend on the order candidates arrive in. Offering costs
/// O(log k) for a candidate that is kept and one comparison for one that is not; <see cref="WouldKeep"/> lets a caller skip building a
/// candidate (reading its tie-breaker, running a filter) when it cannot enter.</para>
/// <para>Thread safety: not thread-safe: one collector per search (or per thread). <see cref="Reset"/> reuses the storage.</para>
/// </remarks>
public sealed class TopK<T, TRanking>
    where TRanking : struct, IRanking<T>
{
    private T[] _heap;

    /// <summary>Creates a collector that keeps at most <paramref name="capacity"/> candidates.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is negative.</exception>
    public TopK(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _heap = new T[capacity];
        Capacity = capacity;
    }

    /// <summary>The most candidates kept.</summary>
    public int Capacity { get; private set; }

    /// <summary>The number of candidates kept now.</summary>
    public int Count { get; private set; }

    /// <summary>Whether <see cref="Capacity"/> candidates are kept, so that a new one must beat <see cref="Worst"/>.</summary>
    public bool IsFull => Count == Capacity;

    /// <summary>The worst candidate kept (the heap's root); meaningful only while <see cref="Count"/> is above zero.</summary>
    public ref readonly T Worst => ref _heap[0];

    /// <summary>Empties the collector and sets a new capacity, reusing the storage when it is large enough.</summary>
    public void Reset(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        if (_heap.Length < capacity)
        {
            _heap = new T[capacity];
        }

        Capacity = capacity;
        Count = 0;
    }

    /// <summary>Whether <paramref name="candidate"/> would be kept if offered now.</summary>
    public bool WouldKeep(in T candidate) => Count < Capacity || (Capacity > 0 && TRanking.RanksBefore(candidate, _heap[0]));

    /// <summary>Keeps <paramref name="candidate"/> if it is among the best <see cref="Capacity"/> seen; returns whether it was kept.</summary>
    public bool Offer(in T candidate)
    {
        if (Count < Capacity)
        {
            SiftUp(Count++, candidate);
            return true;
        }

        if (Capacity == 0 || !TRanking.RanksBefore(candidate, _heap[0]))
        {
            return false;
        }

        SiftDown(0, candidate);
        return true;
    }

    /// <summary>The kept candidates, best first; the collector is unchanged.</summary>
    public T[] ToSortedArray()
    {
        var sorted = _heap.AsSpan(0, Count).ToArray();
        Array.Sort(sorted, static (left, right) => TRanking.RanksBefore(left, right) ? -1 : TRanking.RanksBefore(right, left) ? 1 : 0);
        return sorted;
    }

    /// <summary>Writes the best candidates, best first, into <paramref name="destination"/> (at most its length) and empties the
    /// collector; returns how many were written.</summary>
    public int DrainBestFirst(Span<T> destination)
    {
        var written = Math.Min(Count, destination.Length);
        while (Count > 0)
        {
            var worst = _heap[0];
            var last = _heap[--Count];
            if (Count > 0)
            {
                SiftDown(0, last);
            }

            if (Count < written)
            {
                destination[Count] = worst;
            }
        }

        return written;
    }

    /// <summary>Places <paramref name="item"/> at the free slot <paramref name="position"/> and moves it up past better parents.</summary>
    private void SiftUp(int position, T item)
    {
        while (position > 0)
        {
            var parent = (position - 1) >> 1;
            if (!TRanking.RanksBefore(_heap[parent], item))
            {
                break;
            }

            _heap[position] = _heap[parent];
            position = parent;
        }

        _heap[position] = item;
    }

    /// <summary>Places <paramref name="item"/> at <paramref name="position"/>, overwriting it, and moves it down past worse children.</summary>
    private void SiftDown(int position, T item)
    {
        var count = Count;
        while (true)
        {
            var child = (2 * position) + 1;
            if (child >= count)
            {
                break;
            }

            if (child + 1 < count && TRanking.RanksBefore(_heap[child], _heap[child + 1]))
            {
                child++;
            }

            if (!TRanking.RanksBefore(item, _heap[child]))
            {
                break;
            }

            _heap[position] = _heap[child];
            position = child;
        }

        _heap[position] = item;
    }
}
