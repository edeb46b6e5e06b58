using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;

namespace Splade.Retrieval.Input;

/// <summary>Reads a JSON-lines file (or standard input) one line at a time, checking that each line is UTF-8 and, on request, a JSON
/// object; every problem is an <see cref="InputFormatException"/> that names the file and the line.</summary>
/// <remarks>
/// <para>The one reader of line-oriented user files: documents, vectors and queries for the CLI, test collections, and (through
/// <see cref="TryReadLine"/>) the tab-separated qrels and run files. A byte-order mark on the first line and a carriage return at
/// the end of a line are removed; bytes that are not UTF-8 are an error naming the byte, never replaced. <see cref="Open"/> reads
/// standard input for the path <c>-</c>.</para>
/// <para>An instance is not thread-safe.</para>
/// <para>Thread safety: not thread-safe: read one reader from one thread at a time (or lock around it).</para>
/// </remarks>
public sealed class JsonLinesReader : IDisposable
{
    /// <summary>The path that means standard input.</summary>
    public const string StandardInputPath = "-";

    /// <summary>How standard input is named in messages.</summary>
    public const string StandardInputName = "standard input";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
    private int _start;
    private int _filled;
    private bool _ended;

    /// <summary>Reads <paramref name="stream"/>, naming it <paramref name="sourceName"/> in messages.</summary>
    /// <param name="stream">The bytes to read.</param>
    /// <param name="sourceName">The file name (or "standard input") errors name.</param>
    /// <param name="leaveOpen">Whether <see cref="Dispose"/> leaves <paramref name="stream"/> open.</param>
    public JsonLinesReader(Stream stream, string sourceName, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrEmpty(sourceName);
        _stream = stream;
        SourceName = sourceName;
        _leaveOpen = leaveOpen;
        Length = stream.CanSeek ? stream.Length : null;
    }

    /// <summary>The file name (or "standard input") that errors name.</summary>
    public string SourceName { get; }

    /// <summary>The 1-based number of the line read last; 0 before the first.</summary>
    public int LineNumber { get; private set; }

    /// <summary>How many bytes have been consumed as lines so far, for progress reporting.</summary>
    public long BytesRead { get; private set; }

    /// <summary>The input's length in bytes when known (a file), null otherwise (standard input, a pipe).</summary>
    public long? Length { get; }

    /// <summary>Opens the file at <paramref name="path"/>, or standard input for <c>-</c>.</summary>
    /// <param name="path">The file, or <see cref="StandardInputPath"/>.</param>
    /// <exception cref="InputFormatException">The file does not exist or cannot be read.</exception>
    public static JsonLinesReader Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (path == StandardInputPath)
        {
            return new JsonLinesReader(Console.OpenStandardInput(), StandardInputName);
        }

        try
        {
            return new JsonLinesReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan), path);
        }
        catch (Exception error) when (error is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InputFormatException(path, 0, null, "the file does not exist", error);
        }
        catch (UnauthorizedAccessException error)
        {
            throw new InputFormatException(path, 0, null, "the file cannot be read (permission denied)", error);
        }
        catch (IOException error)
        {
            throw new InputFormatException(path, 0, null, $"the file cannot be read ({error.Message.TrimEnd('.')})", error);
        }
    }

    /// <summary>Every JSON object of the file at <paramref name="path"/> (or standard input for <c>-</c>), read lazily; blank lines are
    /// skipped.</summary>
    /// <param name="path">The file, or <see cref="StandardInputPath"/>.</param>
    /// <exception cref="InputFormatException">The file cannot be read, or a line is not UTF-8 or not a JSON object.</exception>
    public static IEnumerable<JsonLine> ReadObjects(string path)
    {
        using var reader = Open(path);
        while (reader.TryReadObject(out var line))
        {
            yield return line;
        }
    }

    /// <summary>Reads the next line's text, blank lines included; false at the end of the input.</summary>
    /// <param name="text">The line, without its line break, byte-order mark or trailing carriage return.</param>
    /// <exception cref="InputFormatException">The line is not UTF-8, or the input cannot be read.</exception>
    public bool TryReadLine([NotNullWhen(true)] out string? text)
    {
        while (true)
        {
            var newline = _buffer.AsSpan(_start, _filled - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                text = Decode(_buffer.AsSpan(_start, newline));
                _start += newline + 1;
                BytesRead += newline + 1;
                return true;
            }

            if (_ended)
            {
                if (_start == _filled)
                {
                    text = null;
                    return false;
                }

                var length = _filled - _start;
                text = Decode(_buffer.AsSpan(_start, length));
                _start = _filled;
                BytesRead += length;
                return true;
            }

            Fill();
        }
    }

    /// <summary>Reads the next non-blank line as a JSON object; false at the end of the input.</summary>
    /// <param name="line">The object with its line number.</param>
    /// <exception cref="InputFormatException">The line is not UTF-8, not valid JSON, or not a JSON object.</exception>
    public bool TryReadObject(out JsonLine line)
    {
        while (TryReadLine(out var text))
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            line = new JsonLine(SourceName, LineNumber, ParseObject(text));
            return true;
        }

        line = default;
        return false;
    }

    /// <summary>An error at the line read last.</summary>
    /// <param name="problem">What was wrong.</param>
    /// <param name="field">The field at fault, or null.</param>
    public InputFormatException Error(string problem, string? field = null) => new(SourceName, LineNumber, field, problem);

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }

        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private JsonObject ParseObject(string text)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text);
        }
        catch (JsonException error)
        {
            var at = error.BytePositionInLine is { } position ? $" (near byte {position + 1} of the line)" : string.Empty;
            throw new InputFormatException(SourceName, LineNumber, null, $"not valid JSON{at}", error);
        }

        return node as JsonObject
            ?? throw Error($"expected a JSON object, found {(node is null ? "null" : JsonLine.Describe(node.GetValueKind()))}");
    }

    private void Fill()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _filled - _start).CopyTo(_buffer);
            _filled -= _start;
            _start = 0;
        }

        if (_filled == _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            _buffer.AsSpan(0, _filled).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        int read;
        try
        {
            read = _stream.Read(_buffer, _filled, _buffer.Length - _filled);
        }
        catch (IOException error)
        {
            throw new InputFormatException(SourceName, LineNumber + 1, null, $"cannot be read ({error.Message.TrimEnd('.')})", error);
        }

        _filled += read;
        _ended = read == 0;
    }

    private string Decode(ReadOnlySpan<byte> bytes)
    {
        LineNumber++;
        if (LineNumber == 1 && bytes.StartsWith("\uFEFF"u8))
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
            throw Error($"not valid UTF-8 (invalid byte 0x{bytes[offset]:X2} at byte {offset + 1} of the line)");
        }

        return StrictUtf8.GetString(bytes);
    }

    private static int FirstInvalidByte(ReadOnlySpan<byte> bytes)
    {
        var status = Utf8.ToUtf16(bytes, new char[bytes.Length], out var read, out _, replaceInvalidSequences: false);
        return status == OperationStatus.Done ? 0 : Math.Min(read, bytes.Length - 1);
    }
}
