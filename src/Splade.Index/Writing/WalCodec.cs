using System.Runtime.InteropServices;
using System.Text;
using Splade.Core;

namespace Splade.Index.Writing;

/// <summary>Encodes and decodes the payload of one write-ahead log record (layout in docs/FORMAT.md).</summary>
internal static class WalCodec
{
    private const byte UpsertType = 1;
    private const byte DeleteType = 2;

    public static byte[] EncodeUpsert(long number, IReadOnlyList<PreparedDocument> documents)
    {
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        writer.Write(number);
        writer.Write(UpsertType);
        writer.Write(documents.Count);
        foreach (var document in documents)
        {
            WriteBytes(writer, document.IdUtf8);
            writer.Write(document.Vector.Dimension);
            writer.Write(document.Vector.Count);
            writer.Write(MemoryMarshal.AsBytes(document.Vector.Indices));
            writer.Write(MemoryMarshal.AsBytes(document.Vector.Values));
            WriteOptional(writer, document.MetadataUtf8);
            WriteOptional(writer, document.TextUtf8);
            WriteOptional(writer, document.Dense is null ? null : MemoryMarshal.AsBytes(document.Dense.AsSpan()).ToArray());
        }

        writer.Flush();
        return stream.ToArray();
    }

    public static byte[] EncodeDelete(long number, IReadOnlyList<string> ids)
    {
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        writer.Write(number);
        writer.Write(DeleteType);
        writer.Write(ids.Count);
        foreach (var id in ids)
        {
            WriteBytes(writer, Encoding.UTF8.GetBytes(id));
        }

        writer.Flush();
        return stream.ToArray();
    }

    /// <summary>Decodes one payload whose checksum has already passed.</summary>
    /// <exception cref="IndexCorruptedException">The payload is inconsistent.</exception>
    public static WalOperation Decode(string fileName, byte[] payload)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(payload));
            var number = reader.ReadInt64();
            var type = reader.ReadByte();
            var count = reader.ReadInt32();
            if (count < 0)
            {
                throw new InvalidDataException("negative count");
            }

            WalOperation operation = type switch
            {
                UpsertType => new WalOperation(number, ReadUpserts(reader, count), null),
                DeleteType => new WalOperation(number, null, ReadDeletes(reader, count)),
                _ => throw new InvalidDataException($"unknown record type {type}"),
            };
            return reader.BaseStream.Position == payload.Length ? operation : throw new InvalidDataException("trailing bytes");
        }
        catch (Exception error) when (error is EndOfStreamException or InvalidDataException or ArgumentException)
        {
            throw new IndexCorruptedException(fileName, $"a record passed its checksum but cannot be decoded ({error.Message}).", error);
        }
    }

    private static List<PreparedDocument> ReadUpserts(BinaryReader reader, int count)
    {
        var documents = new List<PreparedDocument>(Math.Min(count, 1 << 16));
        for (var i = 0; i < count; i++)
        {
            var idUtf8 = ReadBytes(reader);
            var dimension = reader.ReadUInt32();
            var nnz = reader.ReadInt32();
            var indices = MemoryMarshal.Cast<byte, uint>(reader.ReadBytes(checked(nnz * 4))).ToArray();
            var values = MemoryMarshal.Cast<byte, float>(reader.ReadBytes(checked(nnz * 4))).ToArray();
            var metadata = ReadOptional(reader);
            var text = ReadOptional(reader);
            var dense = ReadOptional(reader);
            documents.Add(new PreparedDocument
            {
                Id = Encoding.UTF8.GetString(idUtf8),
                IdUtf8 = idUtf8,
                Vector = SparseVector.Wrap(indices, values, dimension),
                MetadataUtf8 = metadata,
                TextUtf8 = text,
                Dense = dense is null ? null : MemoryMarshal.Cast<byte, float>(dense).ToArray(),
            });
        }

        return documents;
    }

    private static List<string> ReadDeletes(BinaryReader reader, int count)
    {
        var ids = new List<string>(Math.Min(count, 1 << 16));
        for (var i = 0; i < count; i++)
        {
            ids.Add(Encoding.UTF8.GetString(ReadBytes(reader)));
        }

        return ids;
    }

    private static void WriteBytes(BinaryWriter writer, byte[] bytes)
    {
        writer.Write(bytes.Length);
        writer.Write(bytes);
    }

    private static byte[] ReadBytes(BinaryReader reader)
    {
        var length = reader.ReadInt32();
        var bytes = reader.ReadBytes(length);
        return bytes.Length == length && length >= 0 ? bytes : throw new EndOfStreamException();
    }

    private static void WriteOptional(BinaryWriter writer, byte[]? bytes)
    {
        if (bytes is null)
        {
            writer.Write(-1);
            return;
        }

        WriteBytes(writer, bytes);
    }

    private static byte[]? ReadOptional(BinaryReader reader)
    {
        var length = reader.ReadInt32();
        if (length == -1)
        {
            return null;
        }

        var bytes = reader.ReadBytes(length);
        return bytes.Length == length && length >= 0 ? bytes : throw new EndOfStreamException();
    }
}
