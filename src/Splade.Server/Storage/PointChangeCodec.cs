using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Splade.Core;

namespace Splade.Server.Storage;

/// <summary>The binary form of a log record: an operation number and its point changes.</summary>
/// <remarks>
/// Layout (little-endian): u64 operation, i32 change count, then per change: id (u8 kind: 0 integer + u64, 1 UUID + 16 bytes
/// big-endian), u8 flags (1 delete, 2 payload set, 4 replace vectors), payload (i32 length, -1 for none, then UTF-8 JSON) when set,
/// i32 vector count, then per vector: name (i32 length + UTF-8), u8 kind (0 remove, 1 dense, 2 sparse), the values (dense: i32 n +
/// n f32; sparse: i32 n + n u32 + n f32), and the source text (i32 length, -1 for none, + UTF-8).
/// </remarks>
internal static class PointChangeCodec
{
    private const byte DeleteFlag = 1;
    private const byte PayloadFlag = 2;
    private const byte ReplaceFlag = 4;

    public static byte[] Encode(long operation, IReadOnlyList<PointChange> changes)
    {
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        writer.Write(operation);
        writer.Write(changes.Count);
        foreach (var change in changes)
        {
            WriteId(writer, change.Id);
            var flags = (byte)((change.Delete ? DeleteFlag : 0) | (change.PayloadSet ? PayloadFlag : 0) | (change.ReplaceVectors ? ReplaceFlag : 0));
            writer.Write(flags);
            if (change.PayloadSet)
            {
                WriteBytes(writer, change.Payload is null ? null : JsonSerializer.SerializeToUtf8Bytes(change.Payload, StorageJsonContext.Default.JsonObject));
            }

            writer.Write(change.Vectors.Count);
            foreach (var (name, vector) in change.Vectors)
            {
                WriteBytes(writer, System.Text.Encoding.UTF8.GetBytes(name));
                WriteVector(writer, vector);
            }
        }

        writer.Flush();
        return stream.ToArray();
    }

    public static (long Operation, List<PointChange> Changes) Decode(ReadOnlySpan<byte> bytes)
    {
        using var stream = new MemoryStream(bytes.ToArray());
        using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8);
        var operation = reader.ReadInt64();
        var count = reader.ReadInt32();
        var changes = new List<PointChange>(count);
        for (var i = 0; i < count; i++)
        {
            var id = ReadId(reader);
            var flags = reader.ReadByte();
            JsonObject? payload = null;
            if ((flags & PayloadFlag) != 0 && ReadBytes(reader) is { } json)
            {
                payload = JsonNode.Parse(json)!.AsObject();
            }

            var vectorCount = reader.ReadInt32();
            var vectors = new Dictionary<string, VectorValue?>(vectorCount, StringComparer.Ordinal);
            for (var v = 0; v < vectorCount; v++)
            {
                var name = System.Text.Encoding.UTF8.GetString(ReadBytes(reader)!);
                vectors[name] = ReadVector(reader);
            }

            changes.Add(new PointChange(id)
            {
                Delete = (flags & DeleteFlag) != 0,
                PayloadSet = (flags & PayloadFlag) != 0,
                Payload = payload,
                ReplaceVectors = (flags & ReplaceFlag) != 0,
                Vectors = vectors,
            });
        }

        return (operation, changes);
    }

    private static void WriteId(BinaryWriter writer, PointId id)
    {
        writer.Write(id.IsUuid ? (byte)1 : (byte)0);
        if (id.IsUuid)
        {
            writer.Write(id.ToGuid().ToByteArray(bigEndian: true));
        }
        else
        {
            writer.Write(id.Number);
        }
    }

    private static PointId ReadId(BinaryReader reader)
        => reader.ReadByte() == 1 ? PointId.FromUuid(new Guid(reader.ReadBytes(16), bigEndian: true)) : PointId.FromNumber(reader.ReadUInt64());

    private static void WriteVector(BinaryWriter writer, VectorValue? vector)
    {
        if (vector is null)
        {
            writer.Write((byte)0);
            return;
        }

        if (vector.Dense is { } dense)
        {
            writer.Write((byte)1);
            writer.Write(dense.Length);
            foreach (var value in dense)
            {
                writer.Write(value);
            }
        }
        else
        {
            var sparse = vector.Sparse!;
            writer.Write((byte)2);
            writer.Write(sparse.Count);
            foreach (var index in sparse.Indices)
            {
                writer.Write(index);
            }

            foreach (var value in sparse.Values)
            {
                writer.Write(value);
            }
        }

        WriteBytes(writer, vector.SourceText is null ? null : System.Text.Encoding.UTF8.GetBytes(vector.SourceText));
    }

    private static VectorValue? ReadVector(BinaryReader reader)
    {
        var kind = reader.ReadByte();
        if (kind == 0)
        {
            return null;
        }

        VectorValue vector;
        var length = reader.ReadInt32();
        if (kind == 1)
        {
            var dense = new float[length];
            for (var i = 0; i < length; i++)
            {
                dense[i] = reader.ReadSingle();
            }

            vector = VectorValue.FromDense(dense);
        }
        else
        {
            var indices = new uint[length];
            var values = new float[length];
            for (var i = 0; i < length; i++)
            {
                indices[i] = reader.ReadUInt32();
            }

            for (var i = 0; i < length; i++)
            {
                values[i] = reader.ReadSingle();
            }

            vector = VectorValue.FromSparse(new SparseVector(indices, values));
        }

        return ReadBytes(reader) is { } text ? vector with { SourceText = System.Text.Encoding.UTF8.GetString(text) } : vector;
    }

    private static void WriteBytes(BinaryWriter writer, byte[]? bytes)
    {
        writer.Write(bytes?.Length ?? -1);
        if (bytes is not null)
        {
            writer.Write(bytes);
        }
    }

    private static byte[]? ReadBytes(BinaryReader reader)
    {
        var length = reader.ReadInt32();
        return length < 0 ? null : reader.ReadBytes(length);
    }
}
