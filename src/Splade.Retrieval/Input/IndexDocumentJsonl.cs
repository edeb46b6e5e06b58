using System.Text.Json;
using System.Text.Json.Nodes;
using Splade.Core;
using Splade.Index;

namespace Splade.Retrieval.Input;

/// <summary>Documents as JSON lines: <c>{"id","indices","values"}</c> plus optional <c>"metadata"</c> (object), <c>"text"</c> (string)
/// and <c>"dense"</c> (array of numbers).</summary>
/// <remarks>The shape <c>splade encode</c> and <c>splade encode-dense</c> write and <c>splade index build</c> reads; other fields are
/// ignored. Problems are <see cref="InputFormatException"/>s naming the file, the line and the field.
/// <para>Thread safety: every member may be called from any thread at the same time; it keeps no mutable state.</para>
/// </remarks>
public static class IndexDocumentJsonl
{
    /// <summary>Reads every document of the file at <paramref name="path"/> (standard input for <c>-</c>) lazily; blank lines are
    /// skipped.</summary>
    /// <param name="path">The file, or <c>-</c>.</param>
    /// <exception cref="InputFormatException">The file cannot be read, or a line is not a valid document.</exception>
    public static IEnumerable<IndexDocument> Read(string path)
    {
        foreach (var line in JsonLinesReader.ReadObjects(path))
        {
            yield return Parse(line);
        }
    }

    /// <summary>Reads the documents of <paramref name="reader"/> lazily; blank lines are skipped.</summary>
    /// <param name="reader">The lines.</param>
    /// <exception cref="InputFormatException">A line is not a valid document.</exception>
    public static IEnumerable<IndexDocument> Read(JsonLinesReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        while (reader.TryReadObject(out var line))
        {
            yield return Parse(line);
        }
    }

    /// <summary>Parses one line into a document.</summary>
    /// <param name="line">The line.</param>
    /// <exception cref="InputFormatException">The line is not a valid document.</exception>
    public static IndexDocument Parse(JsonLine line)
    {
        var id = line.GetString("id", required: true)!;
        var vector = ParseVector(line);
        var metadata = line.Record["metadata"] switch
        {
            null => null,
            JsonObject m => (JsonObject)m.DeepClone(),
            var other => throw line.Error($"field \"metadata\" must be a JSON object, found {JsonLine.Describe(other.GetValueKind())}", "metadata"),
        };
        var text = line.GetString("text", required: false);
        var dense = ParseDense(line);
        return new IndexDocument(id, vector) { Metadata = metadata, Text = text, Dense = dense };
    }

    /// <summary>The sparse vector of a line's <c>"indices"</c> and <c>"values"</c> fields.</summary>
    /// <param name="line">The line.</param>
    /// <exception cref="InputFormatException">A field is missing, or the vector is invalid (lengths, order, values).</exception>
    public static SparseVector ParseVector(JsonLine line)
    {
        var indices = ParseNumbers(line, "indices", static value => value.GetValue<uint>(), "a term index (an integer from 0 to 4294967295)");
        var values = ParseNumbers(line, "values", static value => value.GetValue<float>(), "a finite 32-bit number");
        try
        {
            return SparseVector.Wrap(indices, values);
        }
        catch (ArgumentException error)
        {
            var field = error.ParamName == "indices" ? "indices" : "values";
            var problem = error.Message.Replace($" (Parameter '{error.ParamName}')", string.Empty, StringComparison.Ordinal);
            throw line.Error($"invalid vector: {problem}", field, error);
        }
    }

    /// <summary>The dense vector of a line's <c>"dense"</c> field, or null when the line has none.</summary>
    /// <param name="line">The line.</param>
    /// <exception cref="InputFormatException">The field is not an array of finite numbers.</exception>
    public static float[]? ParseDense(JsonLine line)
    {
        if (line.Record["dense"] is null)
        {
            return null;
        }

        var dense = ParseNumbers(line, "dense", static value => value.GetValue<float>(), "a finite 32-bit number");
        var at = Array.FindIndex(dense, static v => !float.IsFinite(v));
        return at < 0 ? dense : throw line.Error($"dense[{at}] is not a finite 32-bit number", "dense");
    }

    /// <summary>Writes one document as a single JSON line (without the newline).</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="document">The document.</param>
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

    private static T[] ParseNumbers<T>(JsonLine line, string field, Func<JsonValue, T> read, string expected)
    {
        var node = line.Record[field];
        if (node is not JsonArray array)
        {
            throw node is null
                ? line.Error($"missing field \"{field}\"", field)
                : line.Error($"field \"{field}\" must be an array of numbers, found {JsonLine.Describe(node.GetValueKind())}", field);
        }

        var result = new T[array.Count];
        for (var i = 0; i < result.Length; i++)
        {
            if (array[i] is not JsonValue value || value.GetValueKind() != JsonValueKind.Number)
            {
                var kind = array[i] is null ? "null" : JsonLine.Describe(array[i]!.GetValueKind());
                throw line.Error($"{field}[{i}] must be a number, found {kind}", field);
            }

            try
            {
                result[i] = read(value);
            }
            catch (Exception error) when (error is InvalidOperationException or OverflowException or FormatException)
            {
                throw line.Error($"{field}[{i}] = {value.ToJsonString()} is not {expected}", field, error);
            }
        }

        return result;
    }
}
