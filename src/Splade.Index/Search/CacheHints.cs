using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Splade.Index.Search;

/// <summary>Asks the processor to start loading memory that a search will read soon; hints with no effect on results, and none
/// where the processor has no prefetch instruction.</summary>
/// <remarks>Documents re-scored from the forward index lie anywhere in it, so each one starts with a cache miss and often a page
/// walk. Requesting the next documents' rows while the current one is scored overlaps those misses instead of paying them one
/// after another.</remarks>
internal static class CacheHints
{
    private const int CacheLine = 64;

    /// <summary>Prefetches every cache line of <paramref name="items"/>.</summary>
    public static unsafe void Prefetch<T>(ReadOnlySpan<T> items)
        where T : unmanaged
    {
        // Prefetching needs raw addresses. A prefetch never faults and never changes memory, so an address made stale by the
        // garbage collector moving an array costs at most a wasted hint.
        if (!Sse.IsSupported || items.IsEmpty)
        {
            return;
        }

        var bytes = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(items));
        var length = items.Length * sizeof(T);
        for (var offset = 0; offset < length; offset += CacheLine)
        {
            Sse.Prefetch0(bytes + offset);
        }
    }

    /// <summary>Prefetches the cache line that holds <paramref name="item"/>.</summary>
    public static unsafe void Prefetch<T>(ref readonly T item)
        where T : unmanaged
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.AsRef(in item)));
        }
    }
}
