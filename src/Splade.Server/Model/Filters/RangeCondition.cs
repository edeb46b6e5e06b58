namespace Splade.Server.Model.Filters;

/// <summary>A numeric range (<c>gt</c>, <c>gte</c>, <c>lt</c>, <c>lte</c>), or a date-time range when the bounds are RFC 3339 strings.</summary>
internal sealed record RangeCondition
{
    public double? Gt { get; init; }

    public double? Gte { get; init; }

    public double? Lt { get; init; }

    public double? Lte { get; init; }

    public DateTimeOffset? GtDate { get; init; }

    public DateTimeOffset? GteDate { get; init; }

    public DateTimeOffset? LtDate { get; init; }

    public DateTimeOffset? LteDate { get; init; }

    public bool IsDate { get; init; }
}
