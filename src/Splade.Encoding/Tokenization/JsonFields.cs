using System.Text.Json;

namespace Splade.Encoding.Tokenization;

/// <summary>Typed reads of optional JSON fields that fail with the file and field named.</summary>
internal static class JsonFields
{
    public static JsonDocument Parse(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            throw new TokenizerLoadException($"'{path}' is not valid JSON (line {ex.LineNumber + 1}): {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TokenizerLoadException($"Cannot read '{path}': {ex.Message}", ex);
        }
    }

    public static bool? GetBoolean(JsonElement parent, string name, string path, string context) =>
        !parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean()
        : throw Invalid(path, context, name, "true, false or null", value);

    public static int? GetInt32(JsonElement parent, string name, string path, string context) =>
        !parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number
        : throw Invalid(path, context, name, "an integer", value);

    /// <summary>A string field, or the <c>content</c> of an added-token object as older configuration files write it.</summary>
    public static string? GetString(JsonElement parent, string name, string path, string context)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString();
        }

        if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String)
        {
            return content.GetString();
        }

        throw Invalid(path, context, name, "a string", value);
    }

    public static TokenizerLoadException Invalid(string path, string context, string name, string expected, JsonElement value) =>
        new($"{path}: field '{Qualify(context, name)}' must be {expected}, not {value.ValueKind.ToString().ToLowerInvariant()} {Shorten(value.GetRawText())}.");

    public static string Qualify(string context, string name) => context.Length == 0 ? name : $"{context}.{name}";

    private static string Shorten(string raw) => raw.Length <= 60 ? raw : raw[..57] + "...";
}
