using System.Buffers.Binary;

namespace Splade.Index.Approximate;

/// <summary>The blocks' document ordinals, 3 bytes each when every ordinal is below 2^24 (4 otherwise), little-endian: a view over
/// the stored bytes, and the packing that writes them.</summary>
/// <remarks>Block documents are most of the index's memory after the summaries; a segment holds far fewer than 2^24 documents, so
/// the fourth byte of an int32 is always zero. An entry is read as 4 bytes and masked, so the stored bytes end with
/// <see cref="Padding"/> zero bytes.</remarks>
internal readonly ref struct PackedOrdinals
{
    /// <summary>The zero bytes after the last entry, so that reading it as 4 bytes stays inside the array.</summary>
    public const int Padding = sizeof(uint) - 1;

    private readonly ReadOnlySpan<byte> _bytes;
    private readonly int _width;
    private readonly uint _mask;

    /// <summary>A view of <paramref name="bytes"/> (padding included) as ordinals of <paramref name="width"/> bytes.</summary>
    public PackedOrdinals(ReadOnlySpan<byte> bytes, int width)
    {
        _bytes = bytes;
        _width = width;
        _mask = width == sizeof(uint) ? uint.MaxValue : (1u << (8 * width)) - 1;
    }

    /// <summary>The number of ordinals.</summary>
    public int Count => (_bytes.Length - Padding) / _width;

    public int this[int index] => (int)(BinaryPrimitives.ReadUInt32LittleEndian(_bytes.Slice(index * _width, sizeof(uint))) & _mask);

    /// <summary>The width that holds every ordinal below <paramref name="documentCount"/>.</summary>
    public static int WidthFor(int documentCount) => documentCount <= 1 << 24 ? 3 : sizeof(uint);

    /// <summary>The number of bytes that hold <paramref name="count"/> ordinals of <paramref name="width"/> bytes, padding included.</summary>
    public static long ByteCount(long count, int width) => (count * width) + Padding;

    /// <summary>The most ordinals one array can hold at <paramref name="width"/> bytes each.</summary>
    public static long MaxCount(int width) => (Array.MaxLength - Padding) / width;

    /// <summary>Packs <paramref name="ordinals"/> at <paramref name="width"/> bytes each, followed by the padding.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An ordinal does not fit the width, or there are too many for one array.</exception>
    public static byte[] Pack(ReadOnlySpan<int> ordinals, int width)
    {
        if (width is not (3 or sizeof(uint)) || ordinals.Length > MaxCount(width))
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"{ordinals.Length} ordinals of {width} bytes do not fit one packed array.");
        }

        var mask = width == sizeof(uint) ? uint.MaxValue : (1u << (8 * width)) - 1;
        var bytes = new byte[ByteCount(ordinals.Length, width)];
        for (var i = 0; i < ordinals.Length; i++)
        {
            if ((uint)ordinals[i] > mask)
            {
                throw new ArgumentOutOfRangeException(nameof(ordinals), $"Ordinal {ordinals[i]} does not fit {width} bytes.");
            }

            // Each write also zeroes the byte after the entry, which the next entry then overwrites.
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * width, sizeof(uint)), (uint)ordinals[i]);
        }

        return bytes;
    }
}
