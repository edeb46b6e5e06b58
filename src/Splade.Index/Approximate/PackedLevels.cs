namespace Splade.Index.Approximate;

/// <summary>The summaries' quantized weights, 4 bits each, two a byte (an even entry in the low half).</summary>
/// <remarks>Summary entries are the index's largest structure; a level in 4 bits instead of 8 saves a sixth of it. Levels are
/// chosen and pruned on the finer 8-bit grid and only then rounded up to this one (<see cref="BlockSummarizer"/>).</remarks>
internal sealed class PackedLevels
{
    /// <summary>The largest level.</summary>
    public const int MaxLevel = 15;

    private readonly byte[] _bytes;

    private PackedLevels(byte[] bytes, int count)
    {
        _bytes = bytes;
        Count = count;
    }

    public int Count { get; }

    public ReadOnlySpan<byte> Bytes => _bytes;

    public int this[int index] => (_bytes[index >> 1] >> ((index & 1) << 2)) & MaxLevel;

    /// <summary>The number of bytes that hold <paramref name="count"/> levels.</summary>
    public static long ByteCount(long count) => (count + 1) / 2;

    public static PackedLevels Pack(ReadOnlySpan<byte> levels)
    {
        var bytes = new byte[ByteCount(levels.Length)];
        for (var i = 0; i < levels.Length; i++)
        {
            if (levels[i] > MaxLevel)
            {
                throw new ArgumentOutOfRangeException(nameof(levels), $"Level {levels[i]} at entry {i} does not fit 4 bits.");
            }

            bytes[i >> 1] |= (byte)(levels[i] << ((i & 1) << 2));
        }

        return new PackedLevels(bytes, levels.Length);
    }

    /// <summary>Wraps bytes read from a stream; an odd count leaves the last byte's high half unused.</summary>
    public static PackedLevels FromBytes(byte[] bytes, int count) => new(bytes, count);

    public byte[] ToArray()
    {
        var levels = new byte[Count];
        for (var i = 0; i < levels.Length; i++)
        {
            levels[i] = (byte)this[i];
        }

        return levels;
    }
}
