using System.Buffers.Binary;

namespace Splade.Index.Approximate;

/// <summary>The blocks' document ordinals, 3 bytes each when every ordinal is below 2^24 (4 otherwise), little-endian.</summary>
/// <remarks>Block documents are most of the index's memory after the summaries; a segment holds far fewer than 2^24 documents, so
/// the fourth byte of an int32 is always zero. An entry is read as 4 bytes and masked, so the array carries 3 bytes of padding.</remarks>
internal sealed class PackedOrdinals
{
    private const int Padding = sizeof(uint) - 1;
    private readonly byte[] _bytes;
    private readonly uint _mask;

    private PackedOrdinals(byte[] bytes, int width, int count)
    {
        _bytes = bytes;
        Width = width;
        Count = count;
        _mask = width == sizeof(uint) ? uint.MaxValue : (1u << (8 * width)) - 1;
    }

    /// <summary>Bytes per ordinal: 3 or 4.</summary>
    public int Width { get; }

    public int Count { get; }

    /// <summary>The bytes held, padding included.</summary>
    public long MemoryBytes => _bytes.LongLength;

    /// <summary>The stored bytes, without the padding.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes.AsSpan(0, _bytes.Length - Padding);

    public int this[int index] => (int)(BinaryPrimitives.ReadUInt32LittleEndian(_bytes.AsSpan(index * Width, sizeof(uint))) & _mask);

    /// <summary>The width that holds every ordinal below <paramref name="documentCount"/>.</summary>
    public static int WidthFor(int documentCount) => documentCount <= 1 << 24 ? 3 : sizeof(uint);

    /// <summary>The most ordinals one array can hold at <paramref name="width"/> bytes each.</summary>
    public static long MaxCount(int width) => (Array.MaxLength - Padding) / width;

    public static PackedOrdinals Pack(ReadOnlySpan<int> ordinals, int width)
    {
        var packed = Allocate(ordinals.Length, width);
        for (var i = 0; i < ordinals.Length; i++)
        {
            if ((uint)ordinals[i] > packed._mask)
            {
                throw new ArgumentOutOfRangeException(nameof(ordinals), $"Ordinal {ordinals[i]} does not fit {width} bytes.");
            }

            // Each write also zeroes the byte after the entry, which the next entry then overwrites.
            BinaryPrimitives.WriteUInt32LittleEndian(packed._bytes.AsSpan(i * width, sizeof(uint)), (uint)ordinals[i]);
        }

        return packed;
    }

    /// <summary>An array of <paramref name="count"/> zero ordinals whose bytes <paramref name="fill"/> then writes, as read from a stream.</summary>
    public static PackedOrdinals Read(int count, int width, Action<Span<byte>> fill)
    {
        var packed = Allocate(count, width);
        fill(packed._bytes.AsSpan(0, count * width));
        return packed;
    }

    public int[] ToArray()
    {
        var ordinals = new int[Count];
        for (var i = 0; i < ordinals.Length; i++)
        {
            ordinals[i] = this[i];
        }

        return ordinals;
    }

    private static PackedOrdinals Allocate(int count, int width)
    {
        if (width is not (3 or sizeof(uint)) || count < 0 || count > MaxCount(width))
        {
            throw new ArgumentOutOfRangeException(nameof(count), $"{count} ordinals of {width} bytes do not fit one packed array.");
        }

        return new PackedOrdinals(new byte[((long)count * width) + Padding], width, count);
    }
}
