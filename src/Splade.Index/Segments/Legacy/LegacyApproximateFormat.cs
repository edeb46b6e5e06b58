using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using Splade.Index.Approximate;
using Splade.Index.Storage;

namespace Splade.Index.Segments.Legacy;

/// <summary>Reads an approximate index file of format versions 1 to 5, whose payload is the index's own older stream format (its
/// versions 1 and 2, docs/FORMAT.md), and converts it, in memory, into the current sections.</summary>
/// <remarks>The stream: magic <c>SPLADEAX</c>, stream version, dimension, documents, the build knobs, block, posting and summary
/// counts (and, in stream version 2, the ordinal width), the arrays, then an XxHash64 of every byte before it and <c>AXFOOTER</c>.
/// Stream version 1 stored int32 ordinals and 8-bit levels; its levels are moved to the 4-bit grid as that version's reader did.</remarks>
internal static class LegacyApproximateFormat
{
    private static readonly ulong Magic = BinaryPrimitives.ReadUInt64LittleEndian("SPLADEAX"u8);
    private static readonly ulong FooterMagic = BinaryPrimitives.ReadUInt64LittleEndian("AXFOOTER"u8);

    /// <summary>The current payload (sections) for the older payload <paramref name="payload"/> of file <paramref name="name"/>.</summary>
    /// <exception cref="IndexCorruptedException">The stream is truncated, damaged or of an unknown stream version.</exception>
    public static ReadOnlyMemory<byte> Convert(string name, ReadOnlyMemory<byte> payload)
    {
        var stream = new OlderStream(name, payload.Span);
        if (stream.Read<ulong>() != Magic)
        {
            throw new IndexCorruptedException(name, "it does not start with the approximate index's magic bytes 'SPLADEAX'.");
        }

        var version = stream.Read<int>();
        if (version is not (1 or 2))
        {
            throw new IndexCorruptedException(name, $"its approximate stream has version {version}; this build reads versions 1 and 2.");
        }

        var dimension = stream.Read<uint>();
        var documents = stream.Read<int>();
        var options = new ApproximateIndexOptions
        {
            PostingsPerTerm = stream.Read<int>(),
            BlockSize = stream.Read<int>(),
            SummaryEnergy = stream.Read<float>(),
            MaxSummaryTerms = stream.Read<int>(),
            ClusteringTerms = stream.Read<int>(),
            Seed = stream.Read<int>(),
        };
        var blocks = stream.Read<int>();
        var postings = stream.Read<int>();
        var summaries = stream.Read<int>();
        var layout = version == 1
            ? ReadVersion1(ref stream, dimension, documents, blocks, postings, summaries)
            : ReadVersion2(ref stream, dimension, documents, blocks, postings, summaries);
        var hashed = stream.Position;
        if (stream.Read<ulong>() != XxHash64.HashToUInt64(payload.Span[..hashed]) || stream.Read<ulong>() != FooterMagic || !stream.AtEnd)
        {
            throw new IndexCorruptedException(name, $"its approximate stream fails its checksum (footer at byte {hashed}): it is damaged.");
        }

        var file = ApproximateFile.Write(layout, options, dimension, documents);
        return ChecksummedFile.Unwrap(name, file, IndexFileKind.Approximate);
    }

    private static ApproximateIndexLayout ReadVersion2(ref OlderStream stream, uint dimension, int documents, int blocks, int postings, int summaries)
    {
        var width = stream.Read<int>();
        if (width is not (3 or sizeof(int)) || postings < 0 || postings > PackedOrdinals.MaxCount(width))
        {
            throw new IndexCorruptedException(stream.Name, $"its approximate stream declares {postings} block documents of {width} bytes.");
        }

        var termBlockStarts = stream.ReadArray<int>((long)dimension + 1, "term block starts");
        var blockDocStarts = stream.ReadArray<int>((long)blocks + 1, "block document starts");
        var blockDocs = new byte[PackedOrdinals.ByteCount(postings, width)];
        stream.ReadArray<byte>((long)postings * width, "block documents").CopyTo(blockDocs, 0);
        var blockSummaryStarts = stream.ReadArray<int>((long)blocks + 1, "block summary starts");
        var summaryTerms = stream.ReadArray<ushort>(summaries, "summary terms");
        var levels = stream.ReadArray<byte>(PackedLevels.ByteCount(summaries), "summary levels");
        var scales = stream.ReadArray<float>(blocks, "block scales");
        return new ApproximateIndexLayout(termBlockStarts, blockDocStarts, width, blockDocs, blockSummaryStarts, summaryTerms, levels, scales);
    }

    /// <summary>Stream version 1: int32 ordinals and 8-bit levels. Each level l on the 8-bit grid becomes ceil(l / 17) on the 4-bit
    /// grid, whose step is 17 times the block's scale (rounded up), so that a level still bounds the weight it stands for from above.</summary>
    private static ApproximateIndexLayout ReadVersion1(ref OlderStream stream, uint dimension, int documents, int blocks, int postings, int summaries)
    {
        const int StepRatio = byte.MaxValue / PackedLevels.MaxLevel;
        var termBlockStarts = stream.ReadArray<int>((long)dimension + 1, "term block starts");
        var blockDocStarts = stream.ReadArray<int>((long)blocks + 1, "block document starts");
        var ordinals = stream.ReadArray<int>(postings, "block documents");
        var blockSummaryStarts = stream.ReadArray<int>((long)blocks + 1, "block summary starts");
        var summaryTerms = stream.ReadArray<ushort>(summaries, "summary terms");
        var levels = stream.ReadArray<byte>(summaries, "summary levels");
        var scales = stream.ReadArray<float>(blocks, "block scales");

        // Checked before packing, which would refuse an ordinal beyond 3 bytes with an argument error instead of naming the damage.
        for (var i = 0; i < ordinals.Length; i++)
        {
            if ((uint)ordinals[i] >= (uint)documents)
            {
                throw new IndexCorruptedException(stream.Name, $"block document entry {i} is ordinal {ordinals[i]}, outside the {documents} documents.");
            }
        }

        for (var i = 0; i < levels.Length; i++)
        {
            levels[i] = (byte)((levels[i] + StepRatio - 1) / StepRatio);
        }

        for (var i = 0; i < scales.Length; i++)
        {
            scales[i] = MathF.BitIncrement(scales[i] * StepRatio);
        }

        var width = PackedOrdinals.WidthFor(documents);
        return new ApproximateIndexLayout(
            termBlockStarts, blockDocStarts, width, PackedOrdinals.Pack(ordinals, width), blockSummaryStarts, summaryTerms, PackedLevels.Pack(levels), scales);
    }

    /// <summary>Little-endian values and arrays read in order from the older stream, each checked against the bytes left.</summary>
    private ref struct OlderStream(string name, ReadOnlySpan<byte> bytes)
    {
        private readonly ReadOnlySpan<byte> _bytes = bytes;

        public readonly string Name { get; } = name;

        public int Position { get; private set; }

        public readonly bool AtEnd => Position == _bytes.Length;

        public T Read<T>()
            where T : unmanaged
            => ReadArray<T>(1, "header")[0];

        public T[] ReadArray<T>(long count, string what)
            where T : unmanaged
        {
            var size = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
            if (count < 0 || count > Array.MaxLength || count * size > _bytes.Length - Position)
            {
                throw new IndexCorruptedException(Name, $"its approximate stream declares {count} entries of {what} at byte {Position}, more than it holds.");
            }

            var values = MemoryMarshal.Cast<byte, T>(_bytes.Slice(Position, (int)count * size)).ToArray();
            Position += (int)count * size;
            return values;
        }
    }
}
