using System.Text.Json.Nodes;
using Splade.Index.Segments;

namespace Splade.Index.Filters;

/// <summary>A condition on the set of values a field path reaches, rather than on each value: emptiness, null, and value counts.</summary>
internal sealed class FieldValuesFilter : MetadataFilter
{
    private readonly FieldPath _path;
    private readonly Kind _kind;
    private readonly int _min;
    private readonly int _max;

    private FieldValuesFilter(string field, Kind kind, int min = 0, int max = int.MaxValue)
    {
        _path = FieldPath.Parse(field);
        _kind = kind;
        _min = min;
        _max = max;
    }

    private enum Kind
    {
        IsEmpty,
        IsNull,
        ValuesCount,
    }

    /// <summary>The field is missing, or every value it has is null or an empty array.</summary>
    public static FieldValuesFilter Empty(string field) => new(field, Kind.IsEmpty);

    /// <summary>One of the field's values is a JSON null.</summary>
    public static FieldValuesFilter Null(string field) => new(field, Kind.IsNull);

    /// <summary>One of the field's values holds between <paramref name="min"/> and <paramref name="max"/> values (inclusive): an
    /// array its length, null none, any other value one; a missing field counts as holding none.</summary>
    public static FieldValuesFilter Count(string field, int min, int max)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(min);
        return new FieldValuesFilter(field, Kind.ValuesCount, min, max);
    }

    internal override CompiledFilter Compile(TypedMetadata metadata)
    {
        var test = _kind switch
        {
            Kind.IsEmpty => CompiledFilter.Values.Test.IsEmpty,
            Kind.IsNull => CompiledFilter.Values.Test.IsNull,
            _ => CompiledFilter.Values.Test.Count,
        };
        return new CompiledFilter.Values(_path.Compile(metadata), metadata, test, _min, _max);
    }

    public override bool Matches(JsonObject? metadata)
    {
        var values = new List<JsonNode?>(1);
        _path.Collect(metadata, values);
        return _kind switch
        {
            Kind.IsEmpty => values.TrueForAll(static value => value is null || value is JsonArray { Count: 0 }),
            Kind.IsNull => values.Exists(static value => value is null),
            _ => values.Count == 0 ? _min == 0 && _max >= 0 : values.Exists(InCountRange),
        };
    }

    private bool InCountRange(JsonNode? value)
    {
        var count = value switch
        {
            null => 0,
            JsonArray array => array.Count,
            _ => 1,
        };
        return count >= _min && count <= _max;
    }
}
