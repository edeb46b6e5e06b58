using System.Text.Json.Nodes;

namespace Splade.Index.Filters;

/// <summary>A predicate over a document's metadata, combined with top-k search so that filtered searches still return k hits when k documents match.</summary>
/// <remarks>
/// <para>
/// Filters name a metadata field by its property name; a dotted name (<c>"source.lang"</c>) walks nested objects. Where the field
/// holds an array, the filter matches when any element does. A document without the field (or without metadata) matches no
/// field condition. Numbers compare as double-precision values, strings ordinally, booleans by value.
/// </para>
/// <para>
/// The JSON form read by <see cref="Parse"/>:
/// <c>{"field":"lang","eq":"en"}</c>, <c>{"field":"tag","in":["a","b"]}</c>,
/// <c>{"field":"year","range":{"gte":1990,"lt":2000}}</c> (any of <c>gt</c>, <c>gte</c>, <c>lt</c>, <c>lte</c>),
/// <c>{"and":[...]}</c>, <c>{"or":[...]}</c> and <c>{"not":{...}}</c>. Any other key is an error.
/// </para>
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

    /// <summary>Matches documents that every one of <paramref name="filters"/> matches.</summary>
    public static MetadataFilter And(params MetadataFilter[] filters) => new CombinedFilter(filters, requireAll: true);

    /// <summary>Matches documents that at least one of <paramref name="filters"/> matches.</summary>
    public static MetadataFilter Or(params MetadataFilter[] filters) => new CombinedFilter(filters, requireAll: false);

    /// <summary>Matches documents that <paramref name="filter"/> does not match.</summary>
    public static MetadataFilter Not(MetadataFilter filter) => new NegatedFilter(filter);

    /// <summary>Reads a filter from its JSON form (see the remarks on <see cref="MetadataFilter"/>).</summary>
    /// <exception cref="FormatException">The JSON is malformed, or uses an unknown operator or a wrongly typed operand; the message says which.</exception>
    public static MetadataFilter Parse(string json) => MetadataFilterParser.Parse(json);

    /// <summary>Whether a document with <paramref name="metadata"/> matches.</summary>
    public abstract bool Matches(JsonObject? metadata);
}
