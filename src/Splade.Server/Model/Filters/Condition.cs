using Splade.Server.Storage;

namespace Splade.Server.Model.Filters;

/// <summary>One condition of a filter clause (Qdrant's untagged <c>Condition</c>).</summary>
internal abstract record Condition;

/// <summary>A condition on a payload field: <c>match</c>, <c>range</c>, <c>values_count</c>, <c>is_empty</c> or <c>is_null</c>
/// (several may be given; a value passes when it passes any of them, as in Qdrant).</summary>
internal sealed record FieldCondition(string Key) : Condition
{
    public Match? Match { get; init; }

    public RangeCondition? Range { get; init; }

    public CountRange? ValuesCount { get; init; }

    public bool? IsEmpty { get; init; }

    public bool? IsNull { get; init; }
}

/// <summary><c>{"is_empty": {"key": ...}}</c>: the field is missing, null or an empty array.</summary>
internal sealed record IsEmptyCondition(string Key) : Condition;

/// <summary><c>{"is_null": {"key": ...}}</c>: the field holds a null.</summary>
internal sealed record IsNullCondition(string Key) : Condition;

/// <summary><c>{"has_id": [...]}</c>: the point's id is listed.</summary>
internal sealed record HasIdCondition(IReadOnlyList<PointId> Ids) : Condition;

/// <summary><c>{"has_vector": "name"}</c>: the point has that named vector.</summary>
internal sealed record HasVectorCondition(string Vector) : Condition;

/// <summary><c>{"nested": {"key": ..., "filter": ...}}</c>: one object of the array at <c>key</c> satisfies the whole filter.</summary>
internal sealed record NestedCondition(string Key, Filter Filter) : Condition;

/// <summary>A filter used as a condition (clauses nest).</summary>
internal sealed record FilterCondition(Filter Filter) : Condition;
