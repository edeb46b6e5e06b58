using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Splade.Index.Segments;

namespace Splade.Index.Filters;

/// <summary>The test applied to one value of a metadata field (an array's elements are tested one by one by <see cref="FieldFilter"/>):
/// membership in a set, its complement, a numeric or date-time range, or a text test.</summary>
internal sealed class FieldCondition
{
    private readonly Kind _kind;
    private readonly JsonValue[]? _allowed;
    private readonly string? _text;
    private readonly double? _min;
    private readonly double? _max;
    private readonly bool _minInclusive;
    private readonly bool _maxInclusive;

    private FieldCondition(Kind kind, JsonValue[]? allowed = null, string? text = null, double? min = null, double? max = null,
        bool minInclusive = false, bool maxInclusive = false)
    {
        _kind = kind;
        _allowed = allowed;
        _text = text;
        _min = min;
        _max = max;
        _minInclusive = minInclusive;
        _maxInclusive = maxInclusive;
    }

    private enum Kind
    {
        AnyOf,
        NoneOf,
        Range,
        DateRange,
        Contains,
        StartsWith,
    }

    public static FieldCondition AnyOf(JsonValue[] allowed) => new(Kind.AnyOf, CheckScalars(allowed));

    /// <summary>A value that is present and not among <paramref name="excluded"/>: a null never passes, an object or a nested array
    /// always does, a string or a number passes when it is not listed (a number that is not an integer passes an integer list).</summary>
    public static FieldCondition NoneOf(JsonValue[] excluded) => new(Kind.NoneOf, CheckScalars(excluded));

    public static FieldCondition Between(double? min, double? max, bool minInclusive, bool maxInclusive)
    {
        if (min is double low && double.IsNaN(low) || max is double high && double.IsNaN(high))
        {
            throw new ArgumentException("A range bound must not be NaN.");
        }

        return new FieldCondition(Kind.Range, min: min, max: max, minInclusive: minInclusive, maxInclusive: maxInclusive);
    }

    /// <summary>A string value that parses as a date-time (ISO 8601; no offset means UTC) within the range.</summary>
    public static FieldCondition DatesBetween(DateTimeOffset? min, DateTimeOffset? max, bool minInclusive, bool maxInclusive)
        => new(Kind.DateRange, min: min?.UtcTicks, max: max?.UtcTicks, minInclusive: minInclusive, maxInclusive: maxInclusive);

    /// <summary>A string value containing <paramref name="text"/> (ordinal comparison).</summary>
    public static FieldCondition Contains(string text) => new(Kind.Contains, text: text);

    /// <summary>A string value starting with <paramref name="prefix"/> (ordinal comparison).</summary>
    public static FieldCondition StartsWith(string prefix) => new(Kind.StartsWith, text: prefix);

    /// <summary>Whether one value (not an array being flattened: an array here is an element of an array) passes.</summary>
    public bool Matches(JsonNode? node)
    {
        if (_kind == Kind.NoneOf)
        {
            return node is not null && (node is not JsonValue value || !IsListed(value, _allowed!));
        }

        if (node is not JsonValue scalar)
        {
            return false;
        }

        return _kind switch
        {
            Kind.AnyOf => IsListed(scalar, _allowed!),
            Kind.Range => scalar.GetValueKind() == JsonValueKind.Number && InRange(AsDouble(scalar)),
            Kind.DateRange => TryReadDate(scalar, out var ticks) && InRange(ticks),
            Kind.Contains => scalar.GetValueKind() == JsonValueKind.String && scalar.GetValue<string>().Contains(_text!, StringComparison.Ordinal),
            _ => scalar.GetValueKind() == JsonValueKind.String && scalar.GetValue<string>().StartsWith(_text!, StringComparison.Ordinal),
        };
    }

    /// <summary>The condition resolved against one segment's typed metadata (<see cref="CompiledCondition"/>).</summary>
    public CompiledCondition Compile(TypedMetadata metadata)
    {
        var strings = new List<int>();
        var numbers = new List<double>();
        bool listsTrue = false, listsFalse = false;
        foreach (var value in _allowed ?? [])
        {
            switch (value.GetValueKind())
            {
                case JsonValueKind.String when metadata.FindString(value.GetValue<string>()) is var id and >= 0:
                    strings.Add(id);
                    break;
                case JsonValueKind.Number when AsDouble(value) is var number && !double.IsNaN(number):
                    numbers.Add(number);
                    break;
                case JsonValueKind.True:
                    listsTrue = true;
                    break;
                case JsonValueKind.False:
                    listsFalse = true;
                    break;
            }
        }

        var kind = _kind switch
        {
            Kind.AnyOf => CompiledCondition.Test.AnyOf,
            Kind.NoneOf => CompiledCondition.Test.NoneOf,
            Kind.Range => CompiledCondition.Test.Range,
            Kind.DateRange => CompiledCondition.Test.DateRange,
            Kind.Contains => CompiledCondition.Test.Contains,
            _ => CompiledCondition.Test.StartsWith,
        };
        var list = new CompiledCondition.Listed([.. strings.Order()], [.. numbers.Order()], listsTrue, listsFalse);
        return new CompiledCondition(metadata, kind, list, _text, new CompiledCondition.Bounds(_min, _max, _minInclusive, _maxInclusive));
    }

    /// <summary>Reads a date-time the way date-time filters do: ISO 8601, a missing offset meaning UTC.</summary>
    public static bool TryParseDate(string text, out DateTimeOffset value)
        => DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);

    private static JsonValue[] CheckScalars(JsonValue[] values)
    {
        foreach (var value in values)
        {
            ArgumentNullException.ThrowIfNull(value);
            if (value.GetValueKind() is not (JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False))
            {
                throw new ArgumentException($"A filter value must be a string, number or boolean, not {value.GetValueKind()}.", nameof(values));
            }
        }

        return values;
    }

    private static bool IsListed(JsonValue value, JsonValue[] list)
    {
        foreach (var listed in list)
        {
            if (SameScalar(value, listed))
            {
                return true;
            }
        }

        return false;
    }

    private static bool TryReadDate(JsonValue value, out double ticks)
    {
        ticks = 0;
        if (value.GetValueKind() != JsonValueKind.String || !TryParseDate(value.GetValue<string>(), out var date))
        {
            return false;
        }

        ticks = date.UtcTicks;
        return true;
    }

    private bool InRange(double number) => new CompiledCondition.Bounds(_min, _max, _minInclusive, _maxInclusive).Contain(number);

    private static bool SameScalar(JsonValue left, JsonValue right)
    {
        var kind = left.GetValueKind();
        if (kind != right.GetValueKind())
        {
            return false;
        }

        return kind switch
        {
            JsonValueKind.Number => AsDouble(left) == AsDouble(right),
            JsonValueKind.String => string.Equals(left.GetValue<string>(), right.GetValue<string>(), StringComparison.Ordinal),
            _ => true,
        };
    }

    /// <summary>Reads a JSON number whatever CLR type backs the node (int, long, double, a parsed element).</summary>
    public static double AsDouble(JsonValue value)
        => value.TryGetValue<double>(out var number)
            ? number
            : double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
}
