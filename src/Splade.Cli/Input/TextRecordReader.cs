using System.Text.Json;

namespace Splade.Cli.Input;

/// <summary>Reads <c>{"id": "...", "text": "..."}</c> lines, skipping blank ones; a malformed line stops with its file and line number.</summary>
internal sealed class TextRecordReader(TextReader reader, string source)
{
    private int _lineNumber;

    /// <summary>Reads up to <paramref name="count"/> records into <paramref name="records"/>; returns false at the end of the input.</summary>
    public bool ReadBatch(List<TextRecord> records, int count)
    {
        records.Clear();
        while (records.Count < count && reader.ReadLine() is { } line)
        {
            _lineNumber++;
            if (!string.IsNullOrWhiteSpace(line))
            {
                records.Add(Parse(line));
            }
        }

        return records.Count > 0;
    }

    private TextRecord Parse(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Malformed($"expected a JSON object, found {root.ValueKind}");
            }

            var id = root.TryGetProperty("id", out var idElement) ? idElement : throw Malformed("missing \"id\"");
            var idText = id.ValueKind switch
            {
                JsonValueKind.String => id.GetString()!,
                JsonValueKind.Number => id.GetRawText(),
                _ => throw Malformed($"\"id\" must be a string or number, found {id.ValueKind}"),
            };
            var text = root.TryGetProperty("text", out var textElement) ? textElement : throw Malformed("missing \"text\"");
            return text.ValueKind == JsonValueKind.String
                ? new TextRecord(idText, text.GetString()!)
                : throw Malformed($"\"text\" must be a string, found {text.ValueKind}");
        }
        catch (JsonException exception)
        {
            throw new InputFileException($"{source}, line {_lineNumber}: not valid JSON: {exception.Message}", exception);
        }
    }

    private InputFileException Malformed(string problem) => new($"{source}, line {_lineNumber}: {problem}.");
}
