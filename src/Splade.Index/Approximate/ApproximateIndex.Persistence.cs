using System.Buffers.Binary;

namespace Splade.Index.Approximate;

public sealed partial class ApproximateIndex
{
    /// <summary>The format version <see cref="Write"/> produces and <see cref="Read"/> accepts.</summary>
    public const int FormatVersion = 1;

    private static readonly ulong Magic = BinaryPrimitives.ReadUInt64LittleEndian("SPLADEAX"u8);
    private static readonly ulong FooterMagic = BinaryPrimitives.ReadUInt64LittleEndian("AXFOOTER"u8);

    /// <summary>Writes the index's own structure (not the forward index) to <paramref name="stream"/>: a versioned header, the arrays, and a checksummed footer.</summary>
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
        writer.Write(_blockDocs.Length);
        writer.Write(_summaryTerms.Length);
        writer.Write<int>(_termBlockStarts);
        writer.Write<int>(_blockDocStarts);
        writer.Write<int>(_blockDocs);
        writer.Write<int>(_blockSummaryStarts);
        writer.Write<ushort>(_summaryTerms);
        writer.Write<byte>(_summaryLevels);
        writer.Write<float>(_blockScales);
        var checksum = writer.Checksum;
        writer.Write(checksum);
        writer.Write(FooterMagic);
    }

    /// <summary>Reads an index written by <see cref="Write"/> and attaches it to the forward index it was built from.</summary>
    /// <param name="stream">The stored index, positioned at its first byte.</param>
    /// <param name="forward">The forward index the stored index was built from.</param>
    /// <exception cref="ApproximateIndexCorruptedException">The data is truncated or damaged, has another format version, or does not match <paramref name="forward"/>; the message says which and where.</exception>
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
        if (version != FormatVersion)
        {
            throw new ApproximateIndexCorruptedException($"The stored approximate index has format version {version}; this library reads version {FormatVersion}.");
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
            throw new ApproximateIndexCorruptedException($"The stored approximate index covers {documentCount} documents over {dimension} terms, but the forward index has {forward.DocumentCount} documents over {forward.Dimension} terms.");
        }

        var layout = new ApproximateIndexLayout(
            reader.ReadArray<int>((long)dimension + 1, "term block starts"),
            reader.ReadArray<int>((long)blockCount + 1, "block document starts"),
            reader.ReadArray<int>(postingCount, "block documents"),
            reader.ReadArray<int>((long)blockCount + 1, "block summary starts"),
            reader.ReadArray<ushort>(summaryCount, "summary terms"),
            reader.ReadArray<byte>(summaryCount, "summary levels"),
            reader.ReadArray<float>(blockCount, "block scales"));
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
}
