using System.Text.Json;
using System.Text.Json.Nodes;
using Splade.Index.Filters;

namespace Splade.Index.Tests.Filters;

/// <summary>A filter written as test data: converted to the engine's filter, and evaluated by <see cref="Oracle"/> by brute force.</summary>
internal abstract record TestFilter
{
    public abstract MetadataFilter ToEngine();

    internal sealed record In(string Path, JsonValue[] Values) : TestFilter
    {
        public override MetadataFilter ToEngine() => MetadataFilter.In(Path, Values.Select(v => (JsonValue)v.DeepClone()));

        public override string ToString() => $"{Path} in [{string.Join(",", Values.Select(v => v.ToJsonString()))}]";
    }

    internal sealed record NotIn(string Path, JsonValue[] Values) : TestFilter
    {
        public override MetadataFilter ToEngine() => MetadataFilter.NotIn(Path, Values.Select(v => (JsonValue)v.DeepClone()));

        public override string ToString() => $"{Path} not in [{string.Join(",", Values.Select(v => v.ToJsonString()))}]";
    }

    internal sealed record Between(string Path, int? Min, int? Max, bool Inclusive) : TestFilter
    {
        public override MetadataFilter ToEngine() => MetadataFilter.Range(Path, Min, Max, Inclusive, Inclusive);
    }

    internal sealed record Empty(string Path) : TestFilter
    {
        public override MetadataFilter ToEngine() => MetadataFilter.IsEmpty(Path);
    }

    internal sealed record Null(string Path) : TestFilter
    {
        public override MetadataFilter ToEngine() => MetadataFilter.IsNull(Path);
    }

    internal sealed record Count(string Path, int Min, int Max) : TestFilter
    {
        public override MetadataFilter ToEngine() => MetadataFilter.ValuesCount(Path, Min, Max);
    }

    internal sealed record Text(string Path, string Fragment) : TestFilter
    {
        public override MetadataFilter ToEngine() => MetadataFilter.Contains(Path, Fragment);
    }

    internal sealed record Constant(bool Result) : TestFilter
    {
        public override MetadataFilter ToEngine() => MetadataFilter.Constant(Result);
    }

    internal sealed record All(TestFilter[] Filters) : TestFilter
    {
        public override MetadataFilter ToEngine() => MetadataFilter.And([.. Filters.Select(f => f.ToEngine())]);

        public override string ToString() => $"all({string.Join(", ", Filters.Select(f => f.ToString()))})";
    }

    internal sealed record Any(TestFilter[] Filters) : TestFilter
    {
        public override MetadataFilter ToEngine() => MetadataFilter.Or([.. Filters.Select(f => f.ToEngine())]);

        public override string ToString() => $"any({string.Join(", ", Filters.Select(f => f.ToString()))})";
    }

    internal sealed record AtLeast(int Minimum, TestFilter[] Filters) : TestFilter
    {
        public override MetadataFilter ToEngine() => MetadataFilter.AtLeast(Minimum, [.. Filters.Select(f => f.ToEngine())]);

        public override string ToString() => $"at least {Minimum} of ({string.Join(", ", Filters.Select(f => f.ToString()))})";
    }

    internal sealed record Not(TestFilter Filter) : TestFilter
    {
        public override MetadataFilter ToEngine() => MetadataFilter.Not(Filter.ToEngine());
    }

    internal sealed record Nested(string Path, TestFilter Filter) : TestFilter
    {
        public override MetadataFilter ToEngine() => MetadataFilter.Nested(Path, Filter.ToEngine());
    }
}

/// <summary>The brute-force meaning of each <see cref="TestFilter"/>, written from the documented semantics, not from the engine's code.</summary>
internal static class Oracle
{
    public static bool Matches(TestFilter filter, JsonObject document) => filter switch
    {
        TestFilter.In f => Values(document, f.Path).Any(v => Elements(v).Any(e => Listed(e, f.Values))),
        TestFilter.NotIn f => Values(document, f.Path).Any(v => Elements(v).Any(e => e switch
        {
            null => false,
            JsonObject or JsonArray => true,
            _ => !Listed(e, f.Values),
        })),
        TestFilter.Between f => Values(document, f.Path).Any(v => Elements(v).Any(e =>
            e is JsonValue n && n.GetValueKind() == JsonValueKind.Number && InRange(Number(n), f))),
        TestFilter.Text f => Values(document, f.Path).Any(v => Elements(v).Any(e =>
            e is JsonValue s && s.GetValueKind() == JsonValueKind.String && s.GetValue<string>().Contains(f.Fragment, StringComparison.Ordinal))),
        TestFilter.Empty f => Values(document, f.Path).All(v => v is null || v is JsonArray { Count: 0 }),
        TestFilter.Null f => Values(document, f.Path).Any(v => v is null),
        TestFilter.Count f => Values(document, f.Path) is { Count: 0 }
            ? f.Min == 0
            : Values(document, f.Path).Any(v => CountOf(v) >= f.Min && CountOf(v) <= f.Max),
        TestFilter.Constant f => f.Result,
        TestFilter.All f => f.Filters.All(inner => Matches(inner, document)),
        TestFilter.Any f => f.Filters.Any(inner => Matches(inner, document)),
        TestFilter.AtLeast f => f.Filters.Count(inner => Matches(inner, document)) >= f.Minimum,
        TestFilter.Not f => !Matches(f.Filter, document),
        TestFilter.Nested f => Values(document, f.Path).SelectMany(v => v is JsonArray array ? array.ToList() : [v])
            .OfType<JsonObject>().Any(obj => Matches(f.Filter, obj)),
        _ => throw new InvalidOperationException(filter.ToString()),
    };

    /// <summary>The values a path of the test's shapes ("a", "b.c", "items[].x") reaches; a JSON null counts, a missing key does not.</summary>
    private static List<JsonNode?> Values(JsonObject document, string path)
    {
        List<JsonNode?> current = [document];
        foreach (var part in path.Split('.'))
        {
            var expand = part.EndsWith("[]", StringComparison.Ordinal);
            var key = expand ? part[..^2] : part;
            var next = new List<JsonNode?>();
            foreach (var node in current)
            {
                if (node is JsonObject obj && obj.TryGetPropertyValue(key, out var child))
                {
                    if (!expand)
                    {
                        next.Add(child);
                    }
                    else if (child is JsonArray array)
                    {
                        next.AddRange(array);
                    }
                }
            }

            current = next;
        }

        return current;
    }

    private static IEnumerable<JsonNode?> Elements(JsonNode? value) => value is JsonArray array ? array.ToList() : new List<JsonNode?> { value };

    private static int CountOf(JsonNode? value) => value switch
    {
        null => 0,
        JsonArray array => array.Count,
        _ => 1,
    };

    private static bool Listed(JsonNode? element, JsonValue[] list)
        => element is JsonValue value && list.Any(listed => value.GetValueKind() == listed.GetValueKind() && value.GetValueKind() switch
        {
            JsonValueKind.Number => Number(value) == Number(listed),
            JsonValueKind.String => value.GetValue<string>() == listed.GetValue<string>(),
            _ => true,
        });

    private static double Number(JsonValue value) => double.Parse(value.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);

    private static bool InRange(double number, TestFilter.Between range)
        => (range.Min is not int min || (range.Inclusive ? number >= min : number > min))
            && (range.Max is not int max || (range.Inclusive ? number <= max : number < max));
}
