using System.Text.Json.Nodes;
using Splade.Index.Segments;

namespace Splade.Index.Filters;

/// <summary>A predicate over a document's metadata, combined with top-k search so that filtered searches still return k hits when k documents match.</summary>
/// <remarks>
/// <para>
/// Filters name a metadata field by its path: a property name, dotted names walking nested objects (<c>"source.lang"</c>), <c>[]</c>
/// for every element of an array and <c>[N]</c> for one (<c>"authors[].name"</c>), and keys in double quotes where they hold dots or
/// brackets. Where a value is an array, a value condition matches when any element does. A document without the field (or without
/// metadata) matches no value condition. Numbers compare as double-precision values, strings ordinally, booleans by value.
/// </para>
/// <para>
/// The JSON form read by <see cref="Parse"/>:
/// <c>{"field":"lang","eq":"en"}</c>, <c>{"field":"tag","in":["a","b"]}</c>,
/// <c>{"field":"year","range":{"gte":1990,"lt":2000}}</c> (any of <c>gt</c>, <c>gte</c>, <c>lt</c>, <c>lte</c>),
/// <c>{"and":[...]}</c>, <c>{"or":[...]}</c> and <c>{"not":{...}}</c>. Any other key is an error.
/// </para>
/// <para>Thread safety: a filter is immutable once built; one filter may be used by any number of concurrent searches.</para>
/// </remarks>
public abstract class MetadataFilter
{
    private protected MetadataFilter()
    {
    }

    /// <summary>Matches documents whose <paramref name="field"/> equals <paramref name="value"/> (a string, number or boolean).</summary>
    public static MetadataFilter Equal(string field, JsonValue value) => new FieldFilter(field, FieldCondition.AnyOf([value]));

    /// <summary>Matches documents whose <paramref name="field"/> equals any of <paramref name="values"/>.</summary>
    public static MetadataFilter In(string field, IEnumerable<JsonValue> values) => new FieldFilter(field, FieldCondition.AnyOf([.. values]));

    /// <summary>Matches documents whose numeric <paramref name="field"/> lies in the range; a null bound is open.</summary>
    /// <param name="field">The field name.</param>
    /// <param name="min">The lower bound, or null.</param>
    /// <param name="max">The upper bound, or null.</param>
    /// <param name="minInclusive">Whether the lower bound itself matches.</param>
    /// <param name="maxInclusive">Whether the upper bound itself matches.</param>
    public static MetadataFilter Range(string field, double? min, double? max, bool minInclusive = true, bool maxInclusive = false)
        => new FieldFilter(field, FieldCondition.Between(min, max, minInclusive, maxInclusive));

    /// <summary>Matches documents whose <paramref name="field"/> has a value outside <paramref name="values"/>.</summary>
    /// <remarks>A missing field or a null value does not match; an object or a nested array always does; a string or a number
    /// matches when it is not listed. Where the field holds an array, one element outside the list is enough.</remarks>
    public static MetadataFilter NotIn(string field, IEnumerable<JsonValue> values) => new FieldFilter(field, FieldCondition.NoneOf([.. values]));

    /// <summary>Matches documents whose <paramref name="field"/> holds a date-time string (ISO 8601; no offset means UTC) in the
    /// range; a null bound is open.</summary>
    /// <param name="field">The field path.</param>
    /// <param name="min">The lower bound, or null.</param>
    /// <param name="max">The upper bound, or null.</param>
    /// <param name="minInclusive">Whether the lower bound itself matches.</param>
    /// <param name="maxInclusive">Whether the upper bound itself matches.</param>
    public static MetadataFilter DateRange(string field, DateTimeOffset? min, DateTimeOffset? max, bool minInclusive = true, bool maxInclusive = false)
        => new FieldFilter(field, FieldCondition.DatesBetween(min, max, minInclusive, maxInclusive));

    /// <summary>Matches documents whose string <paramref name="field"/> contains <paramref name="text"/> (ordinal, case-sensitive).</summary>
    public static MetadataFilter Contains(string field, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new FieldFilter(field, FieldCondition.Contains(text));
    }

    /// <summary>Matches documents whose string <paramref name="field"/> starts with <paramref name="prefix"/> (ordinal, case-sensitive).</summary>
    public static MetadataFilter StartsWith(string field, string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        return new FieldFilter(field, FieldCondition.StartsWith(prefix));
    }

    /// <summary>Matches documents where <paramref name="field"/> is missing, or every value it has is null or an empty array.</summary>
    public static MetadataFilter IsEmpty(string field) => FieldValuesFilter.Empty(field);

    /// <summary>Matches documents where one value of <paramref name="field"/> is a JSON null.</summary>
    public static MetadataFilter IsNull(string field) => FieldValuesFilter.Null(field);

    /// <summary>Matches documents where one value of <paramref name="field"/> holds between <paramref name="min"/> and
    /// <paramref name="max"/> values, inclusive: an array its length, null none, any other value one, a missing field none.</summary>
    public static MetadataFilter ValuesCount(string field, int min, int max) => FieldValuesFilter.Count(field, min, max);

    /// <summary>Matches documents where one object under <paramref name="field"/> (the field itself, or an element of the array it
    /// holds) satisfies <paramref name="filter"/>, whose field paths start at that object.</summary>
    public static MetadataFilter Nested(string field, MetadataFilter filter) => new NestedFilter(field, filter);

    /// <summary>Matches documents that every one of <paramref name="filters"/> matches.</summary>
    public static MetadataFilter And(params MetadataFilter[] filters) => new CombinedFilter(filters, filters?.Length ?? 0, "and");

    /// <summary>Matches documents that at least one of <paramref name="filters"/> matches.</summary>
    public static MetadataFilter Or(params MetadataFilter[] filters) => new CombinedFilter(filters, 1, "or");

    /// <summary>Matches documents that at least <paramref name="count"/> of <paramref name="filters"/> match (none when
    /// <paramref name="count"/> exceeds their number).</summary>
    public static MetadataFilter AtLeast(int count, params MetadataFilter[] filters) => new CombinedFilter(filters, count, "at least");

    /// <summary>Matches every document (<paramref name="result"/> true) or none (false).</summary>
    public static MetadataFilter Constant(bool result) => new ConstantFilter(result);

    /// <summary>Matches documents that <paramref name="filter"/> does not match.</summary>
    public static MetadataFilter Not(MetadataFilter filter) => new NegatedFilter(filter);

    /// <summary>Reads a filter from its JSON form (see the remarks on <see cref="MetadataFilter"/>).</summary>
    /// <exception cref="FormatException">The JSON is malformed, or uses an unknown operator or a wrongly typed operand; the message says which.</exception>
    public static MetadataFilter Parse(string json) => MetadataFilterParser.Parse(json);

    /// <summary>Whether a document with <paramref name="metadata"/> matches.</summary>
    public abstract bool Matches(JsonObject? metadata);

    /// <summary>The filter compiled against one segment's typed metadata: what searches evaluate, with the same answer as
    /// <see cref="Matches"/> on the document's JSON.</summary>
    internal abstract CompiledFilter Compile(TypedMetadata metadata);
}
