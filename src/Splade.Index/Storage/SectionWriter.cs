using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Splade.Index.Storage;

/// <summary>Writes a payload as a sequence of sections, each a u64 byte length then the bytes, padded to 8 so typed views stay aligned.</summary>
internal sealed class SectionWriter
{
    private readonly ArrayBufferWriter<byte> _buffer;

    public SectionWriter(int initialCapacity = 4096) => _buffer = new ArrayBufferWriter<byte>(Math.Max(initialCapacity, 256));

    public void Write<T>(ReadOnlySpan<T> values)
        where T : unmanaged
    {
        var bytes = MemoryMarshal.AsBytes(values);
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.GetSpan(8), (ulong)bytes.Length);
        _buffer.Advance(8);
        _buffer.Write(bytes);
        var padding = (8 - (bytes.Length % 8)) % 8;
        if (padding > 0)
        {
            _buffer.GetSpan(padding)[..padding].Clear();
            _buffer.Advance(padding);
        }
    }

    public void Write<T>(T[] values)
        where T : unmanaged
        => Write<T>(values.AsSpan());

    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;
}
