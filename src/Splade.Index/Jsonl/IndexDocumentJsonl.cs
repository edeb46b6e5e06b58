using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Splade.Core;

namespace Splade.Index.Jsonl;

/// <summary>
/// Reads and writes documents as JSON lines: <c>{"id","indices","values"}</c> plus optional <c>"metadata"</c> (object), <c>"text"</c> and <c>"dense"</c>
/// (array).
/// </summary>
/// <remarks>The same shape as <c>splade encode</c> output and as batch query files; unknown properties are ignored.</remarks>
public static class IndexDocumentJsonl
{
    /// <summary>Reads the documents of a JSON-lines stream lazily; blank lines are skipped.</summary>
    /// <param name="reader">The text to read.</param>
    /// <param name="sourceName">The file name used in error messages.</param>
    /// <exception cref="FormatException">A line is not valid; the message names the source, the line number and the field.</exception>
    public static IEnumerable<IndexDocument> Read(TextReader reader, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            yield return ParseLine(line, $"{sourceName} line {lineNumber}");
        }
    }

    /// <summary>Reads every document of the file at <paramref name="path"/> lazily.</summary>
    public static IEnumerable<IndexDocument> ReadFile(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        foreach (var document in Read(reader, path))
        {
            yield return document;
        }
    }

    /// <summary>Parses one line; <paramref name="where"/> prefixes error messages.</summary>
    /// <exception cref="FormatException">The line is not a valid document.</exception>
    public static IndexDocument ParseLine(string line, string where)
    {
        ArgumentNullException.ThrowIfNull(line);
        JsonObject obj;
        try
        {
            obj = JsonNode.Parse(line) as JsonObject ?? throw new FormatException($"{where}: expected a JSON object.");
        }
        catch (JsonException error)
        {
            throw new FormatException($"{where}: not valid JSON ({error.Message}).", error);
        }

        var id = obj["id"] is JsonValue idValue && idValue.GetValueKind() == JsonValueKind.String
            ? idValue.GetValue<string>()
            : throw new FormatException($"{where}: field \"id\" must be a string.");
        var indices = ReadArray(obj, "indices", where, static (JsonValue v) => v.GetValue<uint>());
        var values = ReadArray(obj, "values", where, static (JsonValue v) => v.GetValue<float>());
        SparseVector vector;
        try
        {
            vector = SparseVector.Wrap(indices, values);
        }
        catch (ArgumentException error)
        {
            throw new FormatException($"{where}: invalid vector: {error.Message}", error);
        }

        var metadata = obj["metadata"] switch
        {
            null => null,
            JsonObject m => (JsonObject)m.DeepClone(),
            _ => throw new FormatException($"{where}: field \"metadata\" must be a JSON object."),
        };
        var text = obj["text"] switch
        {
            null => null,
            JsonValue t when t.GetValueKind() == JsonValueKind.String => t.GetValue<string>(),
            _ => throw new FormatException($"{where}: field \"text\" must be a string."),
        };
        var dense = obj.ContainsKey("dense") && obj["dense"] is not null ? ReadArray(obj, "dense", where, static (JsonValue v) => v.GetValue<float>()) : null;
        return new IndexDocument(id, vector) { Metadata = metadata, Text = text, Dense = dense };
    }

    /// <summary>Writes one document as a single JSON line (without the newline).</summary>
    public static void Write(Utf8JsonWriter writer, IndexDocument document)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(document);
        writer.WriteStartObject();
        writer.WriteString("id", document.Id);
        SparseVectorJsonConverter.WriteBody(writer, document.Vector);
        if (document.Metadata is not null)
        {
            writer.WritePropertyName("metadata");
            document.Metadata.WriteTo(writer);
        }

        if (document.Text is not null)
        {
            writer.WriteString("text", document.Text);
        }

        if (document.Dense is not null)
        {
            writer.WriteStartArray("dense");
            foreach (var value in document.Dense)
            {
                writer.WriteNumberValue(value);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static T[] ReadArray<T>(JsonObject obj, string field, string where, Func<JsonValue, T> read)
    {
        if (obj[field] is not JsonArray array)
        {
            throw new FormatException($"{where}: field \"{field}\" must be an array.");
        }

        var result = new T[array.Count];
        for (var i = 0; i < result.Length; i++)
        {
            if (array[i] is not JsonValue value || value.GetValueKind() != JsonValueKind.Number)
            {
                throw new FormatException($"{where}: {field}[{i}] must be a number.");
            }

            try
            {
                result[i] = read(value);
            }
            catch (Exception error) when (error is InvalidOperationException or OverflowException or FormatException)
            {
                throw new FormatException($"{where}: {field}[{i}] = {value.ToJsonString()} is out of range.", error);
            }
        }

        return result;
    }
}
