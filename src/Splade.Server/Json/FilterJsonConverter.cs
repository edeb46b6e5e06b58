using System.Text.Json;
using System.Text.Json.Nodes;
using Splade.Server.Model.Filters;
using Splade.Server.Storage;

namespace Splade.Server.Json;

/// <summary>Reads Qdrant's filter: clauses of conditions, each clause one condition or a list; unknown fields of a filter are
/// rejected, as Qdrant does.</summary>
internal sealed class FilterJsonConverter : InputOnlyJsonConverter<Filter>
{
    private static readonly string[] Clauses = ["must", "should", "must_not", "min_should"];
    private static readonly string[] GeoConditions = ["geo_bounding_box", "geo_radius", "geo_polygon"];

    private static readonly (string Name, TextMatchKind Kind)[] TextMatches =
        [("text", TextMatchKind.Text), ("phrase", TextMatchKind.Phrase), ("text_any", TextMatchKind.TextAny), ("prefix", TextMatchKind.Prefix)];

    protected override Filter Read(JsonElement element) => ReadFilter(element, string.Empty);

    private static Filter ReadFilter(JsonElement element, string where)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw JsonInput.Error(where, $"expected a filter object, got {JsonInput.Describe(element)}");
        }

        IReadOnlyList<Condition>? must = null, should = null, mustNot = null;
        MinShould? minShould = null;
        foreach (var property in element.EnumerateObject())
        {
            var at = Join(where, property.Name);
            if (property.Value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            switch (property.Name)
            {
                case "must":
                    must = ReadConditions(property.Value, at);
                    break;
                case "should":
                    should = ReadConditions(property.Value, at);
                    break;
                case "must_not":
                    mustNot = ReadConditions(property.Value, at);
                    break;
                case "min_should":
                    minShould = ReadMinShould(property.Value, at);
                    break;
                default:
                    throw JsonInput.Error(where, $"unknown field `{property.Name}`, expected one of `should`, `min_should`, `must`, `must_not`");
            }
        }

        return new Filter { Must = must, Should = should, MustNot = mustNot, MinShould = minShould, Json = element.GetRawText() };
    }

    private static List<Condition> ReadConditions(JsonElement element, string where)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            return [ReadCondition(element, where)];
        }

        var conditions = new List<Condition>();
        var i = 0;
        foreach (var item in element.EnumerateArray())
        {
            conditions.Add(ReadCondition(item, $"{where}[{i++}]"));
        }

        return conditions;
    }

    private static MinShould ReadMinShould(JsonElement element, string where)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty("conditions", out var conditions)
            || !element.TryGetProperty("min_count", out var count) || !count.TryGetInt32(out var minCount) || minCount < 1)
        {
            throw JsonInput.Error(where, "min_should is {\"conditions\": [...], \"min_count\": n} with n at least 1");
        }

        return new MinShould(ReadConditions(conditions, Join(where, "conditions")), minCount);
    }

    private static Condition ReadCondition(JsonElement element, string where)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw JsonInput.Error(where, $"expected a condition object, got {JsonInput.Describe(element)}");
        }

        if (element.TryGetProperty("key", out var key))
        {
            return ReadFieldCondition(element, key, where);
        }

        if (element.TryGetProperty("is_empty", out var isEmpty))
        {
            return new IsEmptyCondition(ReadKeyObject(isEmpty, Join(where, "is_empty")));
        }

        if (element.TryGetProperty("is_null", out var isNull))
        {
            return new IsNullCondition(ReadKeyObject(isNull, Join(where, "is_null")));
        }

        if (element.TryGetProperty("has_id", out var hasId))
        {
            if (hasId.ValueKind != JsonValueKind.Array)
            {
                throw JsonInput.Error(Join(where, "has_id"), $"expected a list of point ids, got {JsonInput.Describe(hasId)}");
            }

            var ids = new List<PointId>();
            var i = 0;
            foreach (var id in hasId.EnumerateArray())
            {
                ids.Add(JsonInput.ReadPointId(id, $"{Join(where, "has_id")}[{i++}]"));
            }

            return new HasIdCondition(ids);
        }

        if (element.TryGetProperty("has_vector", out var hasVector))
        {
            return hasVector.ValueKind == JsonValueKind.String
                ? new HasVectorCondition(hasVector.GetString()!)
                : throw JsonInput.Error(Join(where, "has_vector"), $"expected a vector name, got {JsonInput.Describe(hasVector)}");
        }

        if (element.TryGetProperty("nested", out var nested))
        {
            if (nested.ValueKind != JsonValueKind.Object || !nested.TryGetProperty("key", out var nestedKey) || nestedKey.ValueKind != JsonValueKind.String
                || !nested.TryGetProperty("filter", out var nestedFilter))
            {
                throw JsonInput.Error(Join(where, "nested"), "expected {\"key\": \"...\", \"filter\": {...}}");
            }

            return new NestedCondition(nestedKey.GetString()!, ReadFilter(nestedFilter, Join(where, "nested.filter")));
        }

        if (element.TryGetProperty("slice", out _))
        {
            throw new RequestFormatException("the `slice` condition is not supported by Splade.NET", unsupported: true);
        }

        if (element.EnumerateObject().Any(p => Clauses.Contains(p.Name)) || !element.EnumerateObject().Any())
        {
            return new FilterCondition(ReadFilter(element, where));
        }

        throw JsonInput.Error(where,
            $"unknown condition with fields {string.Join(", ", element.EnumerateObject().Select(p => $"`{p.Name}`"))}; "
            + "expected a field condition (\"key\"), is_empty, is_null, has_id, has_vector, nested or a filter");
    }

    private static string ReadKeyObject(JsonElement element, string where)
        => element.ValueKind == JsonValueKind.Object && element.TryGetProperty("key", out var key) && key.ValueKind == JsonValueKind.String
            ? key.GetString()!
            : throw JsonInput.Error(where, "expected {\"key\": \"...\"}");

    private static FieldCondition ReadFieldCondition(JsonElement element, JsonElement key, string where)
    {
        if (key.ValueKind != JsonValueKind.String || key.GetString()!.Length == 0)
        {
            throw JsonInput.Error(Join(where, "key"), $"expected a non-empty field path, got {JsonInput.Describe(key)}");
        }

        foreach (var geo in GeoConditions)
        {
            if (element.TryGetProperty(geo, out var value) && value.ValueKind != JsonValueKind.Null)
            {
                throw new RequestFormatException($"geo conditions ({geo}) are not supported by Splade.NET", unsupported: true);
            }
        }

        return new FieldCondition(key.GetString()!)
        {
            Match = Optional(element, "match") is { } match ? ReadMatch(match, Join(where, "match")) : null,
            Range = Optional(element, "range") is { } range ? ReadRange(range, Join(where, "range")) : null,
            ValuesCount = Optional(element, "values_count") is { } count ? ReadCount(count, Join(where, "values_count")) : null,
            IsEmpty = ReadOptionalBool(element, "is_empty", where),
            IsNull = ReadOptionalBool(element, "is_null", where),
        };
    }

    private static Match ReadMatch(JsonElement element, string where)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw JsonInput.Error(where, $"expected a match object, got {JsonInput.Describe(element)}");
        }

        if (element.TryGetProperty("value", out var value))
        {
            return value.ValueKind switch
            {
                JsonValueKind.String or JsonValueKind.True or JsonValueKind.False => new MatchValue(JsonValue.Create(value)!),
                JsonValueKind.Number when value.TryGetInt64(out var integer) => new MatchValue(JsonValue.Create(integer)),
                _ => throw JsonInput.Error(Join(where, "value"), $"expected a string, an integer or a boolean, got {JsonInput.Describe(value)}"),
            };
        }

        if (element.TryGetProperty("any", out var any))
        {
            return new MatchAny(ReadVariants(any, Join(where, "any")));
        }

        if (element.TryGetProperty("except", out var except))
        {
            return new MatchExcept(ReadVariants(except, Join(where, "except")));
        }

        foreach (var (name, kind) in TextMatches)
        {
            if (element.TryGetProperty(name, out var text))
            {
                return text.ValueKind == JsonValueKind.String
                    ? new MatchText(text.GetString()!, kind)
                    : throw JsonInput.Error(Join(where, name), $"expected a string, got {JsonInput.Describe(text)}");
            }
        }

        throw JsonInput.Error(where, "expected one of value, any, except, text, text_any, phrase, prefix");
    }

    /// <summary>A match list: all strings or all integers, as Qdrant's AnyVariants.</summary>
    private static List<JsonValue> ReadVariants(JsonElement element, string where)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw JsonInput.Error(where, $"expected a list of strings or of integers, got {JsonInput.Describe(element)}");
        }

        var values = new List<JsonValue>();
        JsonValueKind? kind = null;
        var i = 0;
        foreach (var item in element.EnumerateArray())
        {
            var at = $"{where}[{i++}]";
            if (item.ValueKind == JsonValueKind.String)
            {
                values.Add(JsonValue.Create(item.GetString()!));
            }
            else if (item.ValueKind == JsonValueKind.Number && item.TryGetInt64(out var integer))
            {
                values.Add(JsonValue.Create(integer));
            }
            else
            {
                throw JsonInput.Error(at, $"expected a string or an integer, got {JsonInput.Describe(item)}");
            }

            if (kind is { } first && first != item.ValueKind)
            {
                throw JsonInput.Error(where, "the list mixes strings and integers; give all strings or all integers");
            }

            kind = item.ValueKind;
        }

        return values;
    }

    private static RangeCondition ReadRange(JsonElement element, string where)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw JsonInput.Error(where, $"expected a range object, got {JsonInput.Describe(element)}");
        }

        var bounds = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (property.Name is not ("gt" or "gte" or "lt" or "lte"))
            {
                throw JsonInput.Error(where, $"unknown range bound `{property.Name}`, expected gt, gte, lt or lte");
            }

            if (property.Value.ValueKind != JsonValueKind.Null)
            {
                bounds[property.Name] = property.Value;
            }
        }

        var dates = bounds.Values.Count(v => v.ValueKind == JsonValueKind.String);
        if (dates > 0 && dates < bounds.Count)
        {
            throw JsonInput.Error(where, "the bounds mix numbers and date-time strings");
        }

        if (dates > 0)
        {
            DateTimeOffset? Date(string name) => bounds.TryGetValue(name, out var v) ? ParseDate(v.GetString()!, Join(where, name)) : null;
            return new RangeCondition { IsDate = true, GtDate = Date("gt"), GteDate = Date("gte"), LtDate = Date("lt"), LteDate = Date("lte") };
        }

        double? Number(string name) => bounds.TryGetValue(name, out var v)
            ? v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) && double.IsFinite(d)
                ? d
                : throw JsonInput.Error(Join(where, name), $"expected a finite number or a date-time string, got {JsonInput.Describe(v)}")
            : null;
        return new RangeCondition { Gt = Number("gt"), Gte = Number("gte"), Lt = Number("lt"), Lte = Number("lte") };
    }

    private static DateTimeOffset ParseDate(string text, string where)
        => Splade.Index.Filters.FieldCondition.TryParseDate(text, out var date)
            ? date
            : throw JsonInput.Error(where, $"\"{text}\" is not an RFC 3339 date-time");

    private static CountRange ReadCount(JsonElement element, string where)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw JsonInput.Error(where, $"expected a values_count object, got {JsonInput.Describe(element)}");
        }

        int? Bound(string name) => element.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null
            ? v.TryGetInt32(out var n) && n >= 0 ? n : throw JsonInput.Error(Join(where, name), $"expected a non-negative integer, got {JsonInput.Describe(v)}")
            : null;
        return new CountRange(Bound("gt"), Bound("gte"), Bound("lt"), Bound("lte"));
    }

    private static bool? ReadOptionalBool(JsonElement element, string name, string where)
        => Optional(element, name) is { } value
            ? value.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? value.GetBoolean()
                : throw JsonInput.Error(Join(where, name), $"expected a boolean, got {JsonInput.Describe(value)}")
            : null;

    private static JsonElement? Optional(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static string Join(string where, string name) => where.Length == 0 ? name : $"{where}.{name}";
}
