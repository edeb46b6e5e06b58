using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Splade.Checkpoints.Weights;

/// <summary>Writes float32 or float16 tensors as a <c>.safetensors</c> file (used to recover and to generate checkpoints).</summary>
internal static class SafetensorsWriter
{
    /// <summary>One tensor to write: name, dtype (<c>F32</c> or <c>F16</c>), shape and little-endian data.</summary>
    public sealed record Entry(string Name, string DType, long[] Shape, byte[] Data)
    {
        public static Entry Float32(string name, float[] values, params long[] shape)
            => new(name, "F32", shape, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
    }

    public static void Write(string path, IReadOnlyList<Entry> entries, IReadOnlyDictionary<string, string>? metadata = null)
    {
        using var header = new MemoryStream();
        using (var json = new Utf8JsonWriter(header))
        {
            json.WriteStartObject();
            if (metadata is not null)
            {
                json.WriteStartObject("__metadata__");
                foreach (var (key, value) in metadata)
                {
                    json.WriteString(key, value);
                }

                json.WriteEndObject();
            }

            var offset = 0L;
            foreach (var entry in entries)
            {
                json.WriteStartObject(entry.Name);
                json.WriteString("dtype", entry.DType);
                json.WriteStartArray("shape");
                foreach (var dim in entry.Shape)
                {
                    json.WriteNumberValue(dim);
                }

                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + entry.Data.Length);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += entry.Data.Length;
            }

            json.WriteEndObject();
        }

        // The format pads the header with spaces to a multiple of 8 bytes so that the data stays aligned.
        while (header.Length % 8 != 0)
        {
            header.WriteByte((byte)' ');
        }

        using var file = File.Create(path);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        file.Write(length);
        file.Write(header.GetBuffer().AsSpan(0, (int)header.Length));
        foreach (var entry in entries)
        {
            file.Write(entry.Data);
        }
    }
}
