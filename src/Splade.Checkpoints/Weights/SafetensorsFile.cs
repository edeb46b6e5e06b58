using System.Buffers.Binary;
using System.Text.Json;

namespace Splade.Checkpoints.Weights;

/// <summary>
/// Reads a <c>.safetensors</c> file: an 8-byte little-endian header length, a JSON header naming each tensor's dtype, shape and
/// byte range, then the data. The header is checked whole when the file opens; tensors are read when asked for.
/// </summary>
internal static class SafetensorsFile
{
    /// <summary>Headers larger than this are refused as damaged (the format's own reference reader caps them at 100 MB).</summary>
    private const long MaxHeaderBytes = 100_000_000;

    /// <summary>Lists the tensors of <paramref name="path"/>.</summary>
    /// <exception cref="CheckpointException">The file is truncated, its header is not valid JSON or describes data the file does not hold.</exception>
    public static IReadOnlyList<WeightTensor> Open(string path)
    {
        long fileLength;
        byte[] header;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read))
        {
            fileLength = stream.Length;
            Span<byte> lengthBytes = stackalloc byte[8];
            if (stream.ReadAtLeast(lengthBytes, 8, throwOnEndOfStream: false) < 8)
            {
                throw Bad(path, $"the file has {fileLength} bytes, too few for the 8-byte header length; it is truncated or not a safetensors file.");
            }

            var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
            if (headerLength > MaxHeaderBytes || (long)headerLength > fileLength - 8)
            {
                throw Bad(
                    path,
                    $"the header is said to be {headerLength} bytes long but the file has {fileLength - 8} bytes after the length; it is " +
                    "truncated or not a safetensors file.");
            }

            header = new byte[headerLength];
            stream.ReadExactly(header);
        }

        var dataStart = 8 + header.Length;
        var dataLength = fileLength - dataStart;
        var tensors = new List<WeightTensor>();
        try
        {
            using var document = JsonDocument.Parse(header);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw Bad(path, "the header is not a JSON object.");
            }

            foreach (var entry in document.RootElement.EnumerateObject())
            {
                if (entry.Name == "__metadata__")
                {
                    continue;
                }

                tensors.Add(ReadEntry(path, entry, dataStart, dataLength));
            }
        }
        catch (JsonException exception)
        {
            throw new CheckpointException(
                $"{path}: the safetensors header is not valid JSON ({exception.Message}); the file is damaged or truncated.", exception) { FilePath = path };
        }

        return tensors;
    }

    private static WeightTensor ReadEntry(string path, JsonProperty entry, long dataStart, long dataLength)
    {
        var name = entry.Name;
        var value = entry.Value;
        if (value.ValueKind != JsonValueKind.Object
            || !value.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String
            || !value.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array
            || !value.TryGetProperty("data_offsets", out var offsetsElement)
            || offsetsElement.ValueKind != JsonValueKind.Array
            || offsetsElement.GetArrayLength() != 2)
        {
            throw Bad(path, $"the header entry of tensor {name} needs \"dtype\", \"shape\" and two \"data_offsets\".");
        }

        var dtype = ParseDType(dtypeElement.GetString()!) ?? throw Bad(path, $"tensor {name} has the unsupported dtype {dtypeElement.GetString()}.");
        var shape = new long[shapeElement.GetArrayLength()];
        var count = 1L;
        var index = 0;
        foreach (var dim in shapeElement.EnumerateArray())
        {
            if (dim.ValueKind != JsonValueKind.Number || !dim.TryGetInt64(out var size) || size < 0)
            {
                throw Bad(path, $"tensor {name} has an invalid shape {shapeElement.GetRawText()}.");
            }

            shape[index++] = size;
            count *= size;
        }

        var begin = offsetsElement[0].TryGetInt64(out var b) ? b : -1;
        var end = offsetsElement[1].TryGetInt64(out var e) ? e : -1;
        if (begin < 0 || end < begin || end > dataLength)
        {
            throw Bad(
                path, $"tensor {name} claims bytes {offsetsElement.GetRawText()} but the file holds {dataLength} bytes of data; it is truncated or damaged.");
        }

        if (end - begin != count * WeightDTypes.Size(dtype))
        {
            throw Bad(
                path,
                $"tensor {name} ({dtypeElement.GetString()} {shapeElement.GetRawText()}) needs {count * WeightDTypes.Size(dtype)} bytes but " +
                $"its offsets span {end - begin}.");
        }

        return new WeightTensor(name, dtype, shape, path, () => Load(path, dataStart + begin, count, dtype));
    }

    private static float[] Load(string path, long offset, long count, WeightDType dtype)
    {
        var size = WeightDTypes.Size(dtype);
        var result = new float[count];
        var buffer = new byte[Math.Min(count * size, 1 << 22)];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        stream.Position = offset;
        var done = 0L;
        while (done < count)
        {
            var chunk = (int)Math.Min(count - done, buffer.Length / size);
            stream.ReadExactly(buffer, 0, chunk * size);
            WeightDTypes.ToFloat32(dtype, buffer.AsSpan(0, chunk * size), result.AsSpan((int)done, chunk));
            done += chunk;
        }

        return result;
    }

    private static WeightDType? ParseDType(string dtype) => dtype switch
    {
        "F32" => WeightDType.Float32,
        "F16" => WeightDType.Float16,
        "BF16" => WeightDType.BFloat16,
        "F64" => WeightDType.Float64,
        "I64" => WeightDType.Int64,
        "I32" => WeightDType.Int32,
        "I16" => WeightDType.Int16,
        "I8" => WeightDType.Int8,
        "U8" => WeightDType.UInt8,
        "BOOL" => WeightDType.Bool,
        _ => null,
    };

    private static CheckpointException Bad(string path, string problem) => new($"{path}: {problem}") { FilePath = path };
}
