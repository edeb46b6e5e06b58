using System.Text.Json;
using System.Text.Json.Nodes;

namespace Splade.Index.Filters;

/// <summary>Reads the JSON form of <see cref="MetadataFilter"/>.</summary>
internal static class MetadataFilterParser
{
    public static MetadataFilter Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException error)
        {
            throw new FormatException($"The filter is not valid JSON: {error.Message}", error);
        }

        return ParseNode(root, "$");
    }

    private static MetadataFilter ParseNode(JsonNode? node, string path)
    {
        if (node is not JsonObject obj)
        {
            throw new FormatException($"Filter at {path} must be a JSON object.");
        }

        if (obj.TryGetPropertyValue("and", out var and))
        {
            RequireOnly(obj, path, "and");
            return MetadataFilter.And(ParseList(and, $"{path}.and"));
        }

        if (obj.TryGetPropertyValue("or", out var or))
        {
            RequireOnly(obj, path, "or");
            return MetadataFilter.Or(ParseList(or, $"{path}.or"));
        }

        if (obj.TryGetPropertyValue("not", out var not))
        {
            RequireOnly(obj, path, "not");
            return MetadataFilter.Not(ParseNode(not, $"{path}.not"));
        }

        return ParseField(obj, path);
    }

    private static MetadataFilter ParseField(JsonObject obj, string path)
    {
        if (!obj.TryGetPropertyValue("field", out var fieldNode) || fieldNode is not JsonValue fieldValue || fieldValue.GetValueKind() != JsonValueKind.String)
        {
            throw new FormatException($"Filter at {path} needs a string \"field\" (or one of \"and\", \"or\", \"not\").");
        }

        var field = fieldValue.GetValue<string>();
        MetadataFilter? result = null;
        foreach (var (key, value) in obj)
        {
            if (key == "field")
            {
                continue;
            }

            if (result is not null)
            {
                throw new FormatException($"Filter at {path} has more than one operator; combine conditions with \"and\".");
            }

            result = key switch
            {
                "eq" => MetadataFilter.Equal(field, Scalar(value, $"{path}.eq")),
                "in" => MetadataFilter.In(field, ScalarList(value, $"{path}.in")),
                "range" => ParseRange(field, value, $"{path}.range"),
                _ => throw new FormatException($"Filter at {path} uses the unknown operator \"{key}\"; expected \"eq\", \"in\" or \"range\"."),
            };
        }

        return result ?? throw new FormatException($"Filter at {path} names field \"{field}\" but no operator (\"eq\", \"in\" or \"range\").");
    }

    private static MetadataFilter ParseRange(string field, JsonNode? node, string path)
    {
        if (node is not JsonObject bounds || bounds.Count == 0)
        {
            throw new FormatException($"{path} must be an object with \"gt\", \"gte\", \"lt\" or \"lte\".");
        }

        double? min = null, max = null;
        bool minInclusive = true, maxInclusive = true;
        foreach (var (key, value) in bounds)
        {
            var number = Number(value, $"{path}.{key}");
            switch (key)
            {
                case "gt" or "gte" when min is null:
                    min = number;
                    minInclusive = key == "gte";
                    break;
                case "lt" or "lte" when max is null:
                    max = number;
                    maxInclusive = key == "lte";
                    break;
                case "gt" or "gte" or "lt" or "lte":
                    throw new FormatException($"{path} gives two bounds on the same side.");
                default:
                    throw new FormatException($"{path} uses the unknown bound \"{key}\"; expected \"gt\", \"gte\", \"lt\" or \"lte\".");
            }
        }

        return MetadataFilter.Range(field, min, max, minInclusive, maxInclusive);
    }

    private static MetadataFilter[] ParseList(JsonNode? node, string path)
    {
        if (node is not JsonArray array || array.Count == 0)
        {
            throw new FormatException($"{path} must be a non-empty array of filters.");
        }

        var filters = new MetadataFilter[array.Count];
        for (var i = 0; i < filters.Length; i++)
        {
            filters[i] = ParseNode(array[i], $"{path}[{i}]");
        }

        return filters;
    }

    private static JsonValue[] ScalarList(JsonNode? node, string path)
    {
        if (node is not JsonArray array || array.Count == 0)
        {
            throw new FormatException($"{path} must be a non-empty array of strings, numbers or booleans.");
        }

        var values = new JsonValue[array.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Scalar(array[i], $"{path}[{i}]");
        }

        return values;
    }

    private static JsonValue Scalar(JsonNode? node, string path)
        => node is JsonValue value && value.GetValueKind() is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False
            ? (JsonValue)value.DeepClone()
            : throw new FormatException($"{path} must be a string, number or boolean.");

    private static double Number(JsonNode? node, string path)
        => node is JsonValue value && value.GetValueKind() == JsonValueKind.Number
            ? value.GetValue<double>()
            : throw new FormatException($"{path} must be a number.");

    private static void RequireOnly(JsonObject obj, string path, string key)
    {
        if (obj.Count != 1)
        {
            throw new FormatException($"Filter at {path} mixes \"{key}\" with other keys.");
        }
    }
}
