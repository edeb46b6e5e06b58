namespace Splade.Index.Segments;

/// <summary>An append-only array that doubles its capacity, exposing the filled prefix as a span.</summary>
internal sealed class GrowableArray<T>(int initialCapacity = 16)
    where T : unmanaged
{
    private T[] _items = new T[Math.Max(initialCapacity, 4)];

    public int Count { get; private set; }

    public ReadOnlySpan<T> Span => _items.AsSpan(0, Count);

    public void Add(T item)
    {
        if (Count == _items.Length)
        {
            Grow(Count + 1);
        }

        _items[Count++] = item;
    }

    /// <summary>Replaces item <paramref name="index"/>, one already added.</summary>
    public void Set(int index, T item)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
        _items[index] = item;
    }

    public void AddRange(ReadOnlySpan<T> items)
    {
        if (Count + items.Length > _items.Length)
        {
            Grow(Count + items.Length);
        }

        items.CopyTo(_items.AsSpan(Count));
        Count += items.Length;
    }

    private void Grow(int required)
    {
        var capacity = Math.Max(required, (int)Math.Min(Array.MaxLength, (long)_items.Length * 2));
        Array.Resize(ref _items, capacity);
    }
}
