using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using Splade.Server.Json;

namespace Splade.Server.Http;

/// <summary>Says what is wrong with a request body that could not be read as the expected JSON, and where, without .NET's own text.</summary>
internal static partial class JsonErrorDescriber
{
    public static string Describe(JsonException error)
    {
        var where = error.Path is { Length: > 0 } path && path != "$" ? $" at {path}" : string.Empty;
        var position = error.LineNumber is long line ? $" (line {line + 1}, column {(error.BytePositionInLine ?? 0) + 1})" : string.Empty;
        if (error is RequestFormatException format)
        {
            return $"Format error in JSON body: {format.Message}{where}{position}";
        }

        // The reader's own exceptions (malformed JSON) are internal subclasses of JsonException; the serializer's conversion failures
        // are JsonException itself.
        return error.GetType() != typeof(JsonException) || error.InnerException is JsonException
            ? $"Format error in JSON body: the body is not valid JSON{position}"
            : $"Format error in JSON body: a value has the wrong type{where}{position}";
    }

    /// <summary>A conversion failure restated with the JSON type the request's schema expects at its path.</summary>
    public static JsonException Explain(JsonException error, JsonTypeInfo root)
    {
        if (error is RequestFormatException || error.GetType() != typeof(JsonException) || error.InnerException is JsonException
            || error.Path is not { } path || Expected(root, path) is not { } expected)
        {
            return error;
        }

        return new RequestFormatException($"expected {expected}", error.Path, error.LineNumber, error.BytePositionInLine);
    }

    /// <summary>What the schema expects at <paramref name="path"/> (<c>$.points[0].id</c>), walking the type metadata.</summary>
    private static string? Expected(JsonTypeInfo root, string path)
    {
        var current = root;
        foreach (Match step in PathStep().Matches(path))
        {
            if (step.Groups["index"].Success)
            {
                if (current.ElementType is not { } element)
                {
                    return null;
                }

                current = current.Options.GetTypeInfo(element);
                continue;
            }

            var name = step.Groups["name"].Value;
            var property = current.Properties.FirstOrDefault(p => p.Name == name);
            if (property is null)
            {
                return null;
            }

            current = current.Options.GetTypeInfo(property.PropertyType);
        }

        var type = Nullable.GetUnderlyingType(current.Type) ?? current.Type;
        return type switch
        {
            _ when type == typeof(int) || type == typeof(long) || type == typeof(uint) || type == typeof(ulong) => "an integer",
            _ when type == typeof(float) || type == typeof(double) => "a number",
            _ when type == typeof(bool) => "a boolean (true or false)",
            _ when type == typeof(string) => "a string",
            _ when current.Kind == JsonTypeInfoKind.Enumerable => "an array",
            _ when current.Kind is JsonTypeInfoKind.Object or JsonTypeInfoKind.Dictionary => "an object",
            _ => null,
        };
    }

    [GeneratedRegex(@"\.(?<name>[A-Za-z0-9_]+)|\[(?<index>\d+)\]")]
    private static partial Regex PathStep();
}
