namespace Splade.Encoding.Splade;

/// <summary>
/// The one output buffer a model reuses from batch to batch, so that logits never cost a fresh (and zeroed) large allocation.
/// </summary>
/// <remarks>
/// A caller takes the buffer, lets ONNX Runtime write into it, and gives it back. Concurrent callers that find it taken allocate
/// their own; the largest returned buffer is kept. Arrays are allocated uninitialized because ONNX Runtime overwrites every float read.
/// </remarks>
internal sealed class LogitsBuffer
{
    private float[]? _cached;

    /// <summary>A buffer of at least <paramref name="length"/> floats.</summary>
    public float[] Take(long length)
    {
        var buffer = Interlocked.Exchange(ref _cached, null);
        if (buffer is not null && buffer.LongLength >= length)
        {
            return buffer;
        }

        return GC.AllocateUninitializedArray<float>(checked((int)length));
    }

    /// <summary>Keeps <paramref name="buffer"/> for the next batch unless a larger one is already kept.</summary>
    public void Return(float[] buffer)
    {
        var current = Volatile.Read(ref _cached);
        while (current is null || current.Length < buffer.Length)
        {
            var seen = Interlocked.CompareExchange(ref _cached, buffer, current);
            if (ReferenceEquals(seen, current))
            {
                return;
            }

            current = seen;
        }
    }
}
