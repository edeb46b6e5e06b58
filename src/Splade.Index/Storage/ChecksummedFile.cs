using System.Buffers.Binary;
using System.IO.Hashing;

namespace Splade.Index.Storage;

/// <summary>The envelope of every immutable index file: a 16-byte header, the payload, and a 24-byte footer with an XxHash64 checksum.</summary>
/// <remarks>Layout (little-endian), documented in docs/FORMAT.md: header = magic "SPLX", format version (u16), file kind (u16), 8 reserved zero bytes;
/// footer = payload length (u64), XxHash64 of header and payload (u64), end magic "SPLXEND\0".</remarks>
internal static class ChecksummedFile
{
    public const int HeaderLength = 16;
    public const int FooterLength = 24;
    /// <summary>The version written. Version 2 added the dense precision to the Dense file; version 3 changed the Postings file to
    /// chunked 16-bit ordinals and 8-bit weight codes (older Postings files are rebuilt from the forward index when opened);
    /// version 4 stores the Forward file's term indices as u16 when every term is below 65,536 (older files hold u32, still read);
    /// version 5 splits each term's postings into weight tiers (older Postings files read as one tier); version 6 stores the
    /// Approximate file as sections (older ones hold the approximate index's own stream, converted when opened); version 7 adds
    /// the typed metadata that filters read to the Documents file (older ones are typed from their JSON when first filtered on).
    /// Which layout each version of each kind holds, and how older ones are read, is <see cref="Segments.SegmentFormat"/>'s
    /// business.</summary>
    public const ushort FormatVersion = 7;

    /// <summary>The first version whose Postings files hold 16-bit ordinals and weight codes.</summary>
    public const ushort ImpactPostingsVersion = 3;

    /// <summary>The first version whose Postings files split each term's postings into weight tiers.</summary>
    public const ushort TieredPostingsVersion = 5;

    /// <summary>The oldest version read: version 1 files (float32-only Dense files) still open.</summary>
    public const ushort OldestReadableVersion = 1;
    private const uint Magic = 0x584C5053; // "SPLX"
    private const ulong EndMagic = 0x00444E45584C5053; // "SPLXEND\0"

    /// <summary>Wraps <paramref name="payload"/> in the header and footer.</summary>
    public static byte[] Wrap(IndexFileKind kind, ReadOnlySpan<byte> payload)
    {
        var file = new byte[HeaderLength + payload.Length + FooterLength];
        payload.CopyTo(file.AsSpan(HeaderLength));
        Seal(kind, file);
        return file;
    }

    /// <summary>Writes header and footer into <paramref name="file"/>, whose payload already lies between them.</summary>
    public static void Seal(IndexFileKind kind, byte[] file)
    {
        var span = file.AsSpan();
        var payloadLength = file.Length - HeaderLength - FooterLength;
        BinaryPrimitives.WriteUInt32LittleEndian(span, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(span[4..], FormatVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(span[6..], (ushort)kind);
        span[8..HeaderLength].Clear();
        var footer = span[(HeaderLength + payloadLength)..];
        BinaryPrimitives.WriteUInt64LittleEndian(footer, (ulong)payloadLength);
        BinaryPrimitives.WriteUInt64LittleEndian(footer[8..], XxHash64.HashToUInt64(span[..(HeaderLength + payloadLength)]));
        BinaryPrimitives.WriteUInt64LittleEndian(footer[16..], EndMagic);
    }

    /// <summary>Checks the envelope of <paramref name="file"/> and returns its payload.</summary>
    /// <exception cref="IndexCorruptedException">The file is truncated, of another kind or version, or fails its checksum.</exception>
    public static ReadOnlyMemory<byte> Unwrap(string name, ReadOnlyMemory<byte> file, IndexFileKind expected)
        => Unwrap(name, file, expected, out _);

    /// <summary>Checks the envelope of <paramref name="file"/> and returns its payload and the format version it was written with.</summary>
    /// <exception cref="IndexCorruptedException">The file is truncated, of another kind or version, or fails its checksum.</exception>
    public static ReadOnlyMemory<byte> Unwrap(string name, ReadOnlyMemory<byte> file, IndexFileKind expected, out ushort version)
    {
        var span = file.Span;
        if (span.Length < HeaderLength + FooterLength)
        {
            throw new IndexCorruptedException(
                name, $"it is {span.Length} bytes long, shorter than the {HeaderLength + FooterLength}-byte header and footer (truncated).");
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(span) != Magic)
        {
            throw new IndexCorruptedException(name, "the header magic number is wrong.");
        }

        version = BinaryPrimitives.ReadUInt16LittleEndian(span[4..]);
        if (version is < OldestReadableVersion or > FormatVersion)
        {
            throw new IndexCorruptedException(
                name, $"format version {version} is not supported (this build reads versions {OldestReadableVersion} to {FormatVersion}).");
        }

        var kind = (IndexFileKind)BinaryPrimitives.ReadUInt16LittleEndian(span[6..]);
        if (kind != expected)
        {
            throw new IndexCorruptedException(name, $"it holds a {kind} file where a {expected} file was expected.");
        }

        var footer = span[^FooterLength..];
        var payloadLength = span.Length - HeaderLength - FooterLength;
        if (BinaryPrimitives.ReadUInt64LittleEndian(footer[16..]) != EndMagic
            || BinaryPrimitives.ReadUInt64LittleEndian(footer) != (ulong)payloadLength)
        {
            throw new IndexCorruptedException(name, "the footer is missing or its length does not match the file (truncated or damaged).");
        }

        if (XxHash64.HashToUInt64(span[..^FooterLength]) != BinaryPrimitives.ReadUInt64LittleEndian(footer[8..]))
        {
            throw new IndexCorruptedException(name, "the checksum does not match its contents.");
        }

        return file.Slice(HeaderLength, payloadLength);
    }
}
