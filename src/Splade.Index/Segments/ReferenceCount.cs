namespace Splade.Index.Segments;

/// <summary>The number of owners holding a shared resource (a segment's files, a snapshot's segments). It starts at one, its
/// creator's; once the last owner gives its reference back the resource is closed for good, and no reference can be taken again.</summary>
/// <remarks>A mutable struct: hold it in a (non-readonly) field and call it there, never through a copy. Every member is thread-safe.</remarks>
internal struct ReferenceCount
{
    private int _count;

    /// <summary>One reference: the creator's.</summary>
    public ReferenceCount()
    {
        _count = 1;
    }

    /// <summary>Takes a reference; false when the count already fell to zero.</summary>
    public bool TryRetain()
    {
        var count = Volatile.Read(ref _count);
        while (count > 0)
        {
            var seen = Interlocked.CompareExchange(ref _count, count + 1, count);
            if (seen == count)
            {
                return true;
            }

            count = seen;
        }

        return false;
    }

    /// <summary>Gives a reference back; true when it was the last one, so the caller closes the resource.</summary>
    public bool Release() => Interlocked.Decrement(ref _count) == 0;
}
