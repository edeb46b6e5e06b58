using System.Text.Json;
using System.Text.Json.Nodes;
using Splade.Server.Model.Points;
using Splade.Server.Storage;

namespace Splade.Server.Json;

/// <summary>Reads the union-typed parts of Qdrant's request bodies from a parsed JSON element, with messages that name what was
/// expected and where (relative to the element the converter is reading).</summary>
internal static class JsonInput
{
    public static JsonElement Parse(ref Utf8JsonReader reader)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return document.RootElement.Clone();
    }

    public static RequestFormatException Error(string where, string problem)
        => new(where.Length == 0 ? problem : $"{where}: {problem}");

    public static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    public static PointId ReadPointId(JsonElement element, string where)
    {
        if (element.ValueKind == JsonValueKind.Number && element.TryGetUInt64(out var number))
        {
            return PointId.FromNumber(number);
        }

        if (element.ValueKind == JsonValueKind.String)
        {
            var text = element.GetString()!;
            return PointId.TryParseUuid(text, out var id)
                ? id
                : throw Error(where, $"the point id \"{Shorten(text)}\" is not a UUID (a point id is an unsigned integer or a UUID string)");
        }

        throw Error(where, $"expected a point id (an unsigned integer or a UUID string), got {Describe(element)}");
    }

    public static float[] ReadFloats(JsonElement element, string where)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw Error(where, $"expected an array of numbers, got {Describe(element)}");
        }

        var values = new float[element.GetArrayLength()];
        var i = 0;
        foreach (var item in element.EnumerateArray())
        {
            values[i] = ReadFloat(item, $"{where}[{i}]");
            i++;
        }

        return values;
    }

    public static float ReadFloat(JsonElement element, string where)
    {
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetDouble(out var value))
        {
            throw Error(where, $"expected a number, got {Describe(element)}");
        }

        var single = (float)value;
        return float.IsFinite(single) ? single : throw Error(where, $"the number {element.GetRawText()} is not a finite 32-bit float");
    }

    public static SparseVectorInput ReadSparse(JsonElement element, string where)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty("indices", out var indices)
            || !element.TryGetProperty("values", out var values))
        {
            throw Error(where, "a sparse vector is an object with \"indices\" and \"values\"");
        }

        if (indices.ValueKind != JsonValueKind.Array)
        {
            throw Error($"{where}.indices", $"expected an array of unsigned integers, got {Describe(indices)}");
        }

        var read = new uint[indices.GetArrayLength()];
        var i = 0;
        foreach (var item in indices.EnumerateArray())
        {
            read[i] = item.ValueKind == JsonValueKind.Number && item.TryGetUInt32(out var index)
                ? index
                : throw Error($"{where}.indices[{i}]", $"expected an unsigned 32-bit integer, got {Describe(item)}");
            i++;
        }

        return new SparseVectorInput(read, ReadFloats(values, $"{where}.values"));
    }

    public static DocumentInput ReadDocument(JsonElement element, string where)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Error(where, $"expected a document object, got {Describe(element)}");
        }

        string ReadString(string name) => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw Error(where, $"a document needs a string \"{name}\"");
        JsonObject? options = null;
        if (element.TryGetProperty("options", out var raw) && raw.ValueKind != JsonValueKind.Null)
        {
            options = raw.ValueKind == JsonValueKind.Object
                ? JsonObject.Create(raw)
                : throw Error($"{where}.options", $"expected an object, got {Describe(raw)}");
        }

        return new DocumentInput(ReadString("text"), ReadString("model"), options);
    }

    /// <summary>Whether an object is a document (<c>{"text": "...", "model": "..."}</c>) rather than a map or a sparse vector.</summary>
    public static bool IsDocument(JsonElement element)
        => element.ValueKind == JsonValueKind.Object && element.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String;

    public static bool IsSparse(JsonElement element)
        => element.ValueKind == JsonValueKind.Object && (element.TryGetProperty("indices", out _) || element.TryGetProperty("values", out _));

    public static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{Shorten(element.GetString()!)}\"",
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => $"{Kind(element)} ({Shorten(element.GetRawText())})",
        _ => Kind(element),
    };

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
