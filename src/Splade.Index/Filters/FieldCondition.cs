using System.Text.Json;
using System.Text.Json.Nodes;

namespace Splade.Index.Filters;

/// <summary>The test applied to one scalar metadata value: membership in a set, or a numeric range.</summary>
internal sealed class FieldCondition
{
    private readonly JsonValue[]? _allowed;
    private readonly double? _min;
    private readonly double? _max;
    private readonly bool _minInclusive;
    private readonly bool _maxInclusive;

    private FieldCondition(JsonValue[]? allowed, double? min, double? max, bool minInclusive, bool maxInclusive)
    {
        _allowed = allowed;
        _min = min;
        _max = max;
        _minInclusive = minInclusive;
        _maxInclusive = maxInclusive;
    }

    public static FieldCondition AnyOf(JsonValue[] allowed)
    {
        foreach (var value in allowed)
        {
            ArgumentNullException.ThrowIfNull(value);
            if (value.GetValueKind() is not (JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False))
            {
                throw new ArgumentException($"A filter value must be a string, number or boolean, not {value.GetValueKind()}.", nameof(allowed));
            }
        }

        return new FieldCondition(allowed, null, null, false, false);
    }

    public static FieldCondition Between(double? min, double? max, bool minInclusive, bool maxInclusive)
    {
        if (min is double low && double.IsNaN(low) || max is double high && double.IsNaN(high))
        {
            throw new ArgumentException("A range bound must not be NaN.");
        }

        return new FieldCondition(null, min, max, minInclusive, maxInclusive);
    }

    public bool Matches(JsonValue value)
    {
        if (_allowed is null)
        {
            return value.GetValueKind() == JsonValueKind.Number && InRange(AsDouble(value));
        }

        foreach (var allowed in _allowed)
        {
            if (SameScalar(value, allowed))
            {
                return true;
            }
        }

        return false;
    }

    private bool InRange(double number)
    {
        if (_min is double min && (number < min || (!_minInclusive && number == min)))
        {
            return false;
        }

        return _max is not double max || (number <= max && (_maxInclusive || number != max));
    }

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
    private static double AsDouble(JsonValue value)
        => value.TryGetValue<double>(out var number)
            ? number
            : double.Parse(value.ToJsonString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);
}
