using System.Text;
using System.Text.Json.Nodes;
using Splade.Index.Segments;

namespace Splade.Index.Filters;

/// <summary>The path of a metadata field: object keys separated by dots, with <c>[]</c> (every element of an array) and <c>[N]</c>
/// (element N) steps, and keys in double quotes where they hold dots or brackets (<c>a."b.c"[].d</c>).</summary>
/// <remarks>A path selects every value it reaches; a key missing on the way selects nothing, and a JSON null is a value.</remarks>
internal sealed class FieldPath
{
    private const int AllElements = CompiledPath.AllElements;
    private readonly Step[] _steps;

    private FieldPath(Step[] steps, string text)
    {
        _steps = steps;
        Text = text;
    }

    /// <summary>The path as written.</summary>
    public string Text { get; }

    /// <summary>Reads a path.</summary>
    /// <exception cref="ArgumentException">The path is empty or malformed; the message says where.</exception>
    public static FieldPath Parse(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var steps = new List<Step>();
        var position = 0;
        var expectKey = true;
        while (position < path.Length)
        {
            if (path[position] == '[')
            {
                steps.Add(ParseIndex(path, ref position));
                expectKey = false;
                continue;
            }

            if (!expectKey)
            {
                if (path[position] != '.')
                {
                    throw Malformed(path, position, "expected '.' or '['");
                }

                position++;
            }

            steps.Add(new Step(ParseKey(path, ref position), 0));
            expectKey = false;
        }

        if (steps.Count == 0 || steps[0].Key is null)
        {
            throw Malformed(path, 0, "a path starts with a key");
        }

        return new FieldPath([.. steps], path);
    }

    /// <summary>The path resolved against one segment's typed metadata.</summary>
    public CompiledPath Compile(TypedMetadata metadata)
    {
        var keys = new int?[_steps.Length];
        var indices = new int[_steps.Length];
        for (var i = 0; i < _steps.Length; i++)
        {
            keys[i] = _steps[i].Key is { } key ? metadata.FindString(key) : null;
            indices[i] = _steps[i].Key is null ? _steps[i].Index : 0;
        }

        return new CompiledPath(metadata, keys, indices);
    }

    /// <summary>Adds every value the path reaches from <paramref name="root"/> to <paramref name="values"/>.</summary>
    public void Collect(JsonNode? root, List<JsonNode?> values) => Collect(root, 0, values);

    private void Collect(JsonNode? node, int step, List<JsonNode?> values)
    {
        if (step == _steps.Length)
        {
            values.Add(node);
            return;
        }

        var current = _steps[step];
        if (current.Key is { } key)
        {
            if (node is JsonObject obj && obj.TryGetPropertyValue(key, out var child))
            {
                Collect(child, step + 1, values);
            }
        }
        else if (node is JsonArray array)
        {
            if (current.Index == AllElements)
            {
                foreach (var element in array)
                {
                    Collect(element, step + 1, values);
                }
            }
            else if (current.Index < array.Count)
            {
                Collect(array[current.Index], step + 1, values);
            }
        }
    }

    private static string ParseKey(string path, ref int position)
    {
        if (position < path.Length && path[position] == '"')
        {
            var close = path.IndexOf('"', position + 1);
            if (close < 0)
            {
                throw Malformed(path, position, "a quoted key is not closed");
            }

            var quoted = path[(position + 1)..close];
            position = close + 1;
            return quoted;
        }

        var start = position;
        while (position < path.Length && path[position] is not ('.' or '[' or ']' or '"'))
        {
            position++;
        }

        return position > start ? path[start..position] : throw Malformed(path, position, "expected a key");
    }

    private static Step ParseIndex(string path, ref int position)
    {
        var close = path.IndexOf(']', position);
        if (close < 0)
        {
            throw Malformed(path, position, "'[' is not closed");
        }

        var inside = path.AsSpan(position + 1, close - position - 1);
        position = close + 1;
        if (inside.IsEmpty)
        {
            return new Step(null, AllElements);
        }

        return int.TryParse(inside, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index)
            ? new Step(null, index)
            : throw Malformed(path, close, "an array step is [] or [N] with N a non-negative integer");
    }

    private static ArgumentException Malformed(string path, int position, string problem)
        => new(new StringBuilder("The field path \"").Append(path).Append("\" is malformed at character ").Append(position + 1)
            .Append(": ").Append(problem).Append('.').ToString(), nameof(path));

    private readonly record struct Step(string? Key, int Index);
}
