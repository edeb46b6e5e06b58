using System.Buffers.Binary;
using System.IO.Hashing;
using Splade.Index.Storage;

namespace Splade.Index.Tests.Persistence;

/// <summary>Writes a checksummed index file as an older format version did: the sections given, that version in the header, and a
/// checksum that matches.</summary>
internal static class OlderFormatFile
{
    public static void Write(string path, IndexFileKind kind, ushort version, Action<FileSectionWriter> write)
        => File.WriteAllBytes(path, WithVersion(FileSectionWriter.Write(kind, write), version));

    /// <summary>The file of an older version whose payload is <paramref name="payload"/> as it is (not sections).</summary>
    public static byte[] Wrap(IndexFileKind kind, ushort version, ReadOnlySpan<byte> payload)
        => WithVersion(ChecksummedFile.Wrap(kind, payload), version);

    private static byte[] WithVersion(byte[] bytes, ushort version)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(4), version);
        BinaryPrimitives.WriteUInt64LittleEndian(
            bytes.AsSpan(bytes.Length - 16), XxHash64.HashToUInt64(bytes.AsSpan(0, bytes.Length - ChecksummedFile.FooterLength)));
        return bytes;
    }
}
