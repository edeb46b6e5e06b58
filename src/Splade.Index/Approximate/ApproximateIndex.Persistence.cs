using System.Buffers.Binary;

namespace Splade.Index.Approximate;

internal sealed partial class ApproximateIndex
{
    /// <summary>The format version <see cref="Write"/> produces. <see cref="Read"/> also accepts version 1 (ordinals as int32,
    /// 8-bit summary levels), which it converts to the current arrays.</summary>
    public const int FormatVersion = 2;

    private const int OldestReadableVersion = 1;

    private static readonly ulong Magic = BinaryPrimitives.ReadUInt64LittleEndian("SPLADEAX"u8);
    private static readonly ulong FooterMagic = BinaryPrimitives.ReadUInt64LittleEndian("AXFOOTER"u8);

    /// <summary>
    /// Writes the index's own structure (not the forward index) to <paramref name="stream"/>: a versioned header, the arrays, and a checksummed footer.
    /// </summary>
    /// <remarks>docs/approximate.md specifies the byte layout.</remarks>
    public void Write(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var writer = new ChecksummedStream(stream);
        writer.Write(Magic);
        writer.Write(FormatVersion);
        writer.Write(Dimension);
        writer.Write(DocumentCount);
        writer.Write(BuildOptions.PostingsPerTerm);
        writer.Write(BuildOptions.BlockSize);
        writer.Write(BuildOptions.SummaryEnergy);
        writer.Write(BuildOptions.MaxSummaryTerms);
        writer.Write(BuildOptions.ClusteringTerms);
        writer.Write(BuildOptions.Seed);
        writer.Write(BlockCount);
        writer.Write(_blockDocs.Count);
        writer.Write(_summaryTerms.Length);
        writer.Write(_blockDocs.Width);
        writer.Write<int>(_termBlockStarts);
        writer.Write<int>(_blockDocStarts);
        writer.Write(_blockDocs.Bytes);
        writer.Write<int>(_blockSummaryStarts);
        writer.Write<ushort>(_summaryTerms);
        writer.Write(_summaryLevels.Bytes);
        writer.Write<float>(_blockScales);
        var checksum = writer.Checksum;
        writer.Write(checksum);
        writer.Write(FooterMagic);
    }

    /// <summary>Reads an index written by <see cref="Write"/> and attaches it to the forward index it was built from.</summary>
    /// <param name="stream">The stored index, positioned at its first byte.</param>
    /// <param name="forward">The forward index the stored index was built from.</param>
    /// <exception cref="ApproximateIndexCorruptedException">The data is truncated or damaged, has another format version, or does not match
    /// <paramref name="forward"/>; the message says which and where.</exception>
    public static ApproximateIndex Read(Stream stream, IForwardIndex forward)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(forward);
        var reader = new ChecksummedStream(stream);
        if (reader.Read<ulong>() != Magic)
        {
            throw new ApproximateIndexCorruptedException("The stream does not start with the approximate index's magic bytes 'SPLADEAX'.");
        }

        var version = reader.Read<int>();
        if (version is < OldestReadableVersion or > FormatVersion)
        {
            throw new ApproximateIndexCorruptedException(
                $"The stored approximate index has format version {version}; this library reads versions {OldestReadableVersion} to {FormatVersion}.");
        }

        var dimension = reader.Read<uint>();
        var documentCount = reader.Read<int>();
        var options = new ApproximateIndexOptions
        {
            PostingsPerTerm = reader.Read<int>(),
            BlockSize = reader.Read<int>(),
            SummaryEnergy = reader.Read<float>(),
            MaxSummaryTerms = reader.Read<int>(),
            ClusteringTerms = reader.Read<int>(),
            Seed = reader.Read<int>(),
        };
        var blockCount = reader.Read<int>();
        var postingCount = reader.Read<int>();
        var summaryCount = reader.Read<int>();
        if (dimension != forward.Dimension || documentCount != forward.DocumentCount)
        {
            throw new ApproximateIndexCorruptedException(
                $"The stored approximate index covers {documentCount} documents over {dimension} terms, but the forward index has {forward.DocumentCount} " +
                $"documents over {forward.Dimension} terms.");
        }

        var layout = version == 1
            ? ReadVersion1Arrays(reader, dimension, documentCount, blockCount, postingCount, summaryCount)
            : ReadArrays(reader, dimension, documentCount, blockCount, postingCount, summaryCount);
        var expected = reader.Checksum;
        var footerAt = reader.Position;
        var stored = reader.Read<ulong>();
        if (stored != expected || reader.Read<ulong>() != FooterMagic)
        {
            throw new ApproximateIndexCorruptedException($"The stored approximate index fails its checksum (footer at byte {footerAt}): it is damaged.");
        }

        ApproximateLayoutValidator.Validate(layout, dimension, documentCount);
        try
        {
            options.Validate();
        }
        catch (ArgumentOutOfRangeException exception)
        {
            throw new ApproximateIndexCorruptedException($"The stored approximate index records invalid build options: {exception.Message}", exception);
        }

        return new ApproximateIndex(forward, options, layout);
    }

    private static ApproximateIndexLayout ReadArrays(
        ChecksummedStream reader,
        uint dimension,
        int documentCount,
        int blockCount,
        int postingCount,
        int summaryCount)
    {
        var width = reader.Read<int>();
        if (width is not (3 or sizeof(int))
            || width < PackedOrdinals.WidthFor(documentCount)
            || postingCount < 0
            || postingCount > PackedOrdinals.MaxCount(width))
        {
            throw new ApproximateIndexCorruptedException(
                $"The stored approximate index declares {postingCount} block documents of {width} bytes for {documentCount} documents; ordinals take 3 " +
                "bytes (4 above 2^24 documents).");
        }

        var termBlockStarts = reader.ReadArray<int>((long)dimension + 1, "term block starts");
        var blockDocStarts = reader.ReadArray<int>((long)blockCount + 1, "block document starts");
        var blockDocs = PackedOrdinals.Read(postingCount, width, bytes => reader.ReadInto(bytes, "block documents"));
        var blockSummaryStarts = reader.ReadArray<int>((long)blockCount + 1, "block summary starts");
        var summaryTerms = reader.ReadArray<ushort>(summaryCount, "summary terms");
        var levels = PackedLevels.FromBytes(reader.ReadArray<byte>(PackedLevels.ByteCount(summaryCount), "summary levels"), summaryCount);
        return new ApproximateIndexLayout(
            termBlockStarts, blockDocStarts, blockDocs, blockSummaryStarts, summaryTerms, levels, reader.ReadArray<float>(blockCount, "block scales"));
    }

    /// <summary>Reads version 1's arrays (int32 ordinals, 8-bit levels) and converts them: ordinals are packed, and each level l on
    /// the 8-bit grid becomes ceil(l / 17) on the 4-bit grid, whose step is 17 times the block's scale (rounded up), so that a
    /// level still bounds the weight it stands for from above.</summary>
    private static ApproximateIndexLayout ReadVersion1Arrays(
        ChecksummedStream reader,
        uint dimension,
        int documentCount,
        int blockCount,
        int postingCount,
        int summaryCount)
    {
        const int StepRatio = byte.MaxValue / PackedLevels.MaxLevel;
        var termBlockStarts = reader.ReadArray<int>((long)dimension + 1, "term block starts");
        var blockDocStarts = reader.ReadArray<int>((long)blockCount + 1, "block document starts");
        var ordinals = reader.ReadArray<int>(postingCount, "block documents");
        var blockSummaryStarts = reader.ReadArray<int>((long)blockCount + 1, "block summary starts");
        var summaryTerms = reader.ReadArray<ushort>(summaryCount, "summary terms");
        var levels = reader.ReadArray<byte>(summaryCount, "summary levels");
        var scales = reader.ReadArray<float>(blockCount, "block scales");

        // Checked before packing, which would refuse an ordinal beyond 3 bytes with an argument error instead of naming the damage;
        // the validator checks the packed ones.
        for (var i = 0; i < ordinals.Length; i++)
        {
            if ((uint)ordinals[i] >= (uint)documentCount)
            {
                throw new ApproximateIndexCorruptedException($"Block document entry {i} is ordinal {ordinals[i]}, outside the {documentCount} documents.");
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

        var blockDocs = PackedOrdinals.Pack(ordinals, PackedOrdinals.WidthFor(documentCount));
        return new ApproximateIndexLayout(termBlockStarts, blockDocStarts, blockDocs, blockSummaryStarts, summaryTerms, PackedLevels.Pack(levels), scales);
    }
}
