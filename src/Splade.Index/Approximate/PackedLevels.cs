namespace Splade.Index.Approximate;

/// <summary>The summaries' quantized weights, 4 bits each, two a byte (an even entry in the low half).</summary>
/// <remarks>Summary entries are the index's largest structure; a level in 4 bits instead of 8 saves a sixth of it. Levels are
/// chosen and pruned on the finer 8-bit grid and only then rounded up to this one (<see cref="BlockSummarizer"/>).</remarks>
internal static class PackedLevels
{
    /// <summary>The largest level.</summary>
    public const int MaxLevel = 15;

    /// <summary>The level of entry <paramref name="index"/>.</summary>
    public static int Level(ReadOnlySpan<byte> packed, int index) => (packed[index >> 1] >> ((index & 1) << 2)) & MaxLevel;

    /// <summary>The number of bytes that hold <paramref name="count"/> levels (an odd count leaves the last high half unused).</summary>
    public static long ByteCount(long count) => (count + 1) / 2;

    /// <exception cref="ArgumentOutOfRangeException">A level is above <see cref="MaxLevel"/>.</exception>
    public static byte[] Pack(ReadOnlySpan<byte> levels)
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

        return bytes;
    }

    public static byte[] Unpack(ReadOnlySpan<byte> packed, int count)
    {
        var levels = new byte[count];
        for (var i = 0; i < levels.Length; i++)
        {
            levels[i] = (byte)Level(packed, i);
        }

        return levels;
    }
}
