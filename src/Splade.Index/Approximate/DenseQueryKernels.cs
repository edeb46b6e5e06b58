using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Splade.Index.Approximate;

/// <summary>Dot products of a query scattered into a dense array with sparse rows: the inner loops of re-scoring and block skipping.</summary>
/// <remarks>Four independent accumulators let the gathers overlap instead of waiting on one running sum.</remarks>
internal static class DenseQueryKernels
{
    /// <summary>The dot product of the dense query with a document's (index, weight) entries.</summary>
    public static float Dot(ReadOnlySpan<float> denseQuery, ReadOnlySpan<ushort> indices, ReadOnlySpan<float> values)
    {
        float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
        var i = 0;
        var values4 = values[..indices.Length];
        for (; i + 4 <= indices.Length; i += 4)
        {
            s0 += denseQuery[indices[i]] * values4[i];
            s1 += denseQuery[indices[i + 1]] * values4[i + 1];
            s2 += denseQuery[indices[i + 2]] * values4[i + 2];
            s3 += denseQuery[indices[i + 3]] * values4[i + 3];
        }

        for (; i < indices.Length; i++)
        {
            s0 += denseQuery[indices[i]] * values4[i];
        }

        return (s0 + s1) + (s2 + s3);
    }

    /// <summary>Asks the processor to start loading a document's entries into cache; a hint with no effect on results, and none where unsupported.</summary>
    public static unsafe void Prefetch(ReadOnlySpan<ushort> indices, ReadOnlySpan<float> values)
    {
        // Prefetching needs raw addresses. A prefetch never faults and never changes memory, so an address made stale by the
        // garbage collector moving an array costs at most a wasted hint.
        if (!Sse.IsSupported || indices.IsEmpty)
        {
            return;
        }

        const int line = 64;
        var indexBytes = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(indices));
        var valueBytes = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(values));
        for (var offset = 0; offset < indices.Length * sizeof(ushort); offset += line)
        {
            Sse.Prefetch0(indexBytes + offset);
        }

        for (var offset = 0; offset < values.Length * sizeof(float); offset += line)
        {
            Sse.Prefetch0(valueBytes + offset);
        }
    }

    /// <summary>The dot product of the dense query with a block summary's quantized entries, before the block's scale is applied.</summary>
    public static float QuantizedDot(ReadOnlySpan<float> denseQuery, ReadOnlySpan<ushort> terms, ReadOnlySpan<byte> levels)
    {
        float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
        var i = 0;
        var levels4 = levels[..terms.Length];
        for (; i + 4 <= terms.Length; i += 4)
        {
            s0 += denseQuery[terms[i]] * levels4[i];
            s1 += denseQuery[terms[i + 1]] * levels4[i + 1];
            s2 += denseQuery[terms[i + 2]] * levels4[i + 2];
            s3 += denseQuery[terms[i + 3]] * levels4[i + 3];
        }

        for (; i < terms.Length; i++)
        {
            s0 += denseQuery[terms[i]] * levels4[i];
        }

        return (s0 + s1) + (s2 + s3);
    }
}
