using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Splade.Retrieval.Evaluation;

/// <summary>Reads a UTF-8 text file line by line, checking the encoding of each line so errors name the line.</summary>
internal static class JsonLines
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Calls <paramref name="onLine"/> with each line's 1-based number and text; a byte-order mark and a trailing
    /// carriage return are removed.</summary>
    public static void ForEachLine(string path, Action<int, string> onLine)
    {
        using var stream = OpenOrThrow(path);
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            var filled = 0;
            var lineNumber = 0;
            while (true)
            {
                var read = stream.Read(buffer, filled, buffer.Length - filled);
                filled += read;
                var consumed = 0;
                int newline;
                while ((newline = buffer.AsSpan(consumed, filled - consumed).IndexOf((byte)'\n')) >= 0)
                {
                    onLine(++lineNumber, Decode(path, lineNumber, buffer.AsSpan(consumed, newline)));
                    consumed += newline + 1;
                }

                if (read == 0)
                {
                    if (consumed < filled)
                    {
                        onLine(++lineNumber, Decode(path, lineNumber, buffer.AsSpan(consumed, filled - consumed)));
                    }

                    return;
                }

                buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                filled -= consumed;
                if (filled == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Parses one JSON object line, naming the file and line when it is not a JSON object.</summary>
    public static JsonDocument ParseObject(string path, int line, string text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException error)
        {
            throw new DatasetFormatException(path, line, $"not valid JSON ({error.Message})", error);
        }

        var kind = document.RootElement.ValueKind;
        if (kind != JsonValueKind.Object)
        {
            document.Dispose();
            throw new DatasetFormatException(path, line, $"expected a JSON object, found {kind}");
        }

        return document;
    }

    /// <summary>Reads a string field (a number is accepted and kept as written, as some collections use numeric ids).</summary>
    public static string? GetString(JsonElement obj, string name, string path, int line, bool required)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return required ? throw new DatasetFormatException(path, line, $"missing field \"{name}\"") : null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => throw new DatasetFormatException(path, line, $"field \"{name}\" must be a string, found {value.ValueKind}"),
        };
    }

    private static FileStream OpenOrThrow(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new DatasetFormatException(path, 0, $"cannot be read ({error.Message})", error);
        }
    }

    private static string Decode(string path, int line, ReadOnlySpan<byte> bytes)
    {
        if (line == 1 && bytes.StartsWith("\uFEFF"u8))
        {
            bytes = bytes[3..];
        }

        if (bytes.Length > 0 && bytes[^1] == (byte)'\r')
        {
            bytes = bytes[..^1];
        }

        if (!Utf8.IsValid(bytes))
        {
            var offset = FirstInvalidByte(bytes);
            throw new DatasetFormatException(path, line, $"not valid UTF-8 (invalid byte 0x{bytes[offset]:X2} at byte {offset + 1} of the line)");
        }

        return StrictUtf8.GetString(bytes);
    }

    private static int FirstInvalidByte(ReadOnlySpan<byte> bytes)
    {
        var status = System.Text.Unicode.Utf8.ToUtf16(bytes, new char[bytes.Length], out var read, out _, replaceInvalidSequences: false);
        return status == OperationStatus.Done ? 0 : Math.Min(read, bytes.Length - 1);
    }
}
