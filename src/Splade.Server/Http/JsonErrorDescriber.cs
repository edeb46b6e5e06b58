using System.Text.Json;
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
            : $"Format error in JSON body: {Expected(error.Message)}{where}{position}";
    }

    /// <summary>What the serializer expected, from the target type its message names, in JSON's words.</summary>
    private static string Expected(string message)
    {
        var match = TargetType().Match(message);
        var type = match.Success ? match.Groups["type"].Value : string.Empty;
        var expected = type switch
        {
            "Int32" or "Int64" or "UInt32" or "UInt64" => "an integer",
            "Single" or "Double" => "a number",
            "Boolean" => "a boolean (true or false)",
            "String" => "a string",
            "JsonObject" => "an object",
            _ when type.StartsWith("IReadOnlyList", StringComparison.Ordinal) || type.StartsWith("List", StringComparison.Ordinal) => "an array",
            _ when type.StartsWith("IReadOnlyDictionary", StringComparison.Ordinal) => "an object",
            "" => null,
            _ => "an object",
        };
        return expected is null ? "a value has the wrong type" : $"expected {expected}";
    }

    [GeneratedRegex(@"converted to (?:System\.Nullable`1\[)?(?:[\w]+\.)*(?<type>[\w`]+)")]
    private static partial Regex TargetType();
}
