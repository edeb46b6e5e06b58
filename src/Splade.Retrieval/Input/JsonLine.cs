using System.Text.Json;
using System.Text.Json.Nodes;

namespace Splade.Retrieval.Input;

/// <summary>One JSON object read from a JSON-lines file, with where it came from, so that problems found later name the line.</summary>
/// <param name="Source">The file (or stream name) it was read from.</param>
/// <param name="Number">Its 1-based line number.</param>
/// <param name="Record">The parsed object; the caller may change it (for example to add a field before writing it out again).</param>
/// <remarks>
/// Thread safety: immutable, except the JSON object it carries: System.Text.Json nodes are not thread-safe (not even to read, they are built lazily), so give
/// each thread its own copy (DeepClone) when several read it.
/// </remarks>
public readonly record struct JsonLine(string Source, int Number, JsonObject Record)
{
    /// <summary>An error at this line, naming <paramref name="field"/> when given.</summary>
    /// <param name="problem">What was wrong; it should name the field.</param>
    /// <param name="field">The field at fault, or null.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public InputFormatException Error(string problem, string? field = null, Exception? innerException = null) =>
        new(Source, Number, field, problem, innerException);

    /// <summary>A string field; null when it is absent (or JSON null) and not <paramref name="required"/>.</summary>
    /// <param name="field">The field's name.</param>
    /// <param name="required">Whether an absent field is an error.</param>
    /// <param name="numberAsText">Whether a number is accepted and kept as written (some collections use numeric ids).</param>
    /// <exception cref="InputFormatException">The field is missing but required, or not a string.</exception>
    public string? GetString(string field, bool required, bool numberAsText = false)
    {
        var node = Record[field];
        if (node is null)
        {
            return required ? throw Error($"missing field \"{field}\"", field) : null;
        }

        var kind = node.GetValueKind();
        return kind switch
        {
            JsonValueKind.String => node.GetValue<string>(),
            JsonValueKind.Number when numberAsText => node.ToJsonString(),
            _ => throw Error($"field \"{field}\" must be a string, found {Describe(kind)}", field),
        };
    }

    /// <summary>How a JSON value kind reads in a message: "a number", "an array", ...</summary>
    internal static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
