using System.Text.Json;
using System.Text.Json.Nodes;
using Splade.Index.Filters;
using Splade.Server.Model.Filters;
using FieldCondition = Splade.Server.Model.Filters.FieldCondition;

namespace Splade.Server.Storage;

/// <summary>Turns a Qdrant filter into the engine's <see cref="MetadataFilter"/> over the metadata a collection stores per point
/// (<see cref="PointEnvelope"/>: payload fields under <c>payload.</c>, the id, the vector names), and checks it against the
/// collection's payload indexes.</summary>
internal static class FilterTranslator
{
    /// <summary>The engine filter for <paramref name="filter"/>, or null when it matches every point.</summary>
    /// <exception cref="StoreException">A condition does not fit the type of the field's payload index, or uses has_id inside nested.</exception>
    public static MetadataFilter? Translate(Filter? filter, CollectionConfig config)
        => filter is null ? null : Translate(filter, new Scope(PointEnvelope.PayloadPrefix, config, Nested: false));

    /// <summary>How deeply clauses and nested conditions nest (a filter with plain conditions has depth 1).</summary>
    public static int Depth(Filter? filter)
    {
        if (filter is null)
        {
            return 0;
        }

        var deepest = 0;
        foreach (var condition in AllConditions(filter))
        {
            deepest = Math.Max(deepest, condition switch
            {
                FilterCondition inner => Depth(inner.Filter),
                NestedCondition nested => Depth(nested.Filter),
                _ => 0,
            });
        }

        return deepest + 1;
    }

    private static IEnumerable<Condition> AllConditions(Filter filter)
        => (filter.Must ?? []).Concat(filter.Should ?? []).Concat(filter.MustNot ?? []).Concat(filter.MinShould?.Conditions ?? []);

    private static MetadataFilter Translate(Filter filter, Scope scope)
    {
        var parts = new List<MetadataFilter>();
        if (filter.Must is { } must)
        {
            parts.AddRange(must.Select(c => Translate(c, scope)));
        }

        if (filter.Should is { } should)
        {
            parts.Add(should.Count == 0 ? MetadataFilter.Constant(false) : Any(should.Select(c => Translate(c, scope))));
        }

        if (filter.MinShould is { } minShould)
        {
            parts.Add(minShould.Conditions.Count == 0
                ? MetadataFilter.Constant(minShould.MinCount == 0)
                : MetadataFilter.AtLeast(Math.Max(1, minShould.MinCount), [.. minShould.Conditions.Select(c => Translate(c, scope))]));
        }

        if (filter.MustNot is { } mustNot)
        {
            parts.AddRange(mustNot.Select(c => MetadataFilter.Not(Translate(c, scope))));
        }

        return parts.Count switch
        {
            0 => MetadataFilter.Constant(true),
            1 => parts[0],
            _ => MetadataFilter.And([.. parts]),
        };
    }

    private static MetadataFilter Any(IEnumerable<MetadataFilter> filters)
    {
        MetadataFilter[] list = [.. filters];
        return list.Length == 1 ? list[0] : MetadataFilter.Or(list);
    }

    private static MetadataFilter Translate(Condition condition, Scope scope) => condition switch
    {
        FieldCondition field => TranslateField(field, scope),
        IsEmptyCondition empty => MetadataFilter.IsEmpty(scope.Path(empty.Key)),
        IsNullCondition isNull => MetadataFilter.IsNull(scope.Path(isNull.Key)),
        HasIdCondition hasId => scope.Nested
            ? throw StoreException.BadInput("Bad request: has_id is not supported inside a nested condition.")
            : hasId.Ids.Count == 0
                ? MetadataFilter.Constant(false)
                : MetadataFilter.In(PointEnvelope.IdField, hasId.Ids.Select(id => JsonValue.Create(id.ToEngineId())!)),
        HasVectorCondition hasVector => scope.Nested
            ? throw StoreException.BadInput("Bad request: has_vector is not supported inside a nested condition.")
            : MetadataFilter.Equal(PointEnvelope.VectorsField, JsonValue.Create(hasVector.Vector)),
        NestedCondition nested => MetadataFilter.Nested(scope.Path(nested.Key), Translate(nested.Filter, scope with { Prefix = "", Nested = true })),
        FilterCondition inner => Translate(inner.Filter, scope),
        _ => throw new InvalidOperationException($"Unknown condition {condition.GetType().Name}."),
    };

    private static MetadataFilter TranslateField(FieldCondition field, Scope scope)
    {
        var path = scope.Path(field.Key);
        var alternatives = new List<MetadataFilter>();
        if (field.Match is { } match)
        {
            scope.CheckIndex(field.Key, match);
            alternatives.Add(TranslateMatch(path, match));
        }

        if (field.Range is { } range)
        {
            scope.CheckIndex(field.Key, range);
            alternatives.Add(TranslateRange(path, range));
        }

        if (field.ValuesCount is { } count)
        {
            var min = Math.Max(count.Gt is int gt ? gt + 1 : 0, count.Gte ?? 0);
            var max = Math.Min(count.Lt is int lt ? lt - 1 : int.MaxValue, count.Lte ?? int.MaxValue);
            alternatives.Add(max < min ? MetadataFilter.Constant(false) : MetadataFilter.ValuesCount(path, min, max));
        }

        if (field.IsEmpty is bool isEmpty)
        {
            alternatives.Add(isEmpty ? MetadataFilter.IsEmpty(path) : MetadataFilter.Not(MetadataFilter.IsEmpty(path)));
        }

        if (field.IsNull is bool isNull)
        {
            alternatives.Add(isNull ? MetadataFilter.IsNull(path) : MetadataFilter.Not(MetadataFilter.IsNull(path)));
        }

        return alternatives.Count > 0
            ? Any(alternatives)
            : throw StoreException.Validation(
                $"Validation error in JSON body: the condition on `{field.Key}` names no condition (match, range, values_count, is_empty or is_null).");
    }

    private static MetadataFilter TranslateMatch(string path, Match match) => match switch
    {
        MatchValue value => MetadataFilter.Equal(path, (JsonValue)value.Value.DeepClone()),
        MatchAny any => any.Values.Count == 0 ? MetadataFilter.Constant(false) : MetadataFilter.In(path, any.Values.Select(v => (JsonValue)v.DeepClone())),
        MatchExcept except => MetadataFilter.NotIn(path, except.Values.Select(v => (JsonValue)v.DeepClone())),
        MatchText { Kind: TextMatchKind.Prefix } prefix => MetadataFilter.StartsWith(path, prefix.Text),
        MatchText { Kind: TextMatchKind.TextAny } words => WordsFilter(path, words.Text),
        MatchText text => MetadataFilter.Contains(path, text.Text),
        _ => throw new InvalidOperationException($"Unknown match {match.GetType().Name}."),
    };

    private static MetadataFilter WordsFilter(string path, string text)
    {
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return words.Length == 0 ? MetadataFilter.Constant(false) : Any(words.Select(word => MetadataFilter.Contains(path, word)));
    }

    private static MetadataFilter TranslateRange(string path, RangeCondition range)
    {
        if (range.IsDate)
        {
            var (low, lowInclusive) = Stricter(range.GtDate, range.GteDate, lower: true);
            var (high, highInclusive) = Stricter(range.LtDate, range.LteDate, lower: false);
            return MetadataFilter.DateRange(path, low, high, lowInclusive, highInclusive);
        }

        var (min, minInclusive) = Stricter(range.Gt, range.Gte, lower: true);
        var (max, maxInclusive) = Stricter(range.Lt, range.Lte, lower: false);
        return MetadataFilter.Range(path, min, max, minInclusive, maxInclusive);
    }

    /// <summary>Combines a strict and an inclusive bound on one side into the one that excludes more.</summary>
    private static (T? Bound, bool Inclusive) Stricter<T>(T? strict, T? inclusive, bool lower)
        where T : struct, IComparable<T>
    {
        if (strict is not T s)
        {
            return (inclusive, true);
        }

        if (inclusive is not T i)
        {
            return (s, false);
        }

        var comparison = s.CompareTo(i);
        return lower ? (comparison >= 0 ? (s, false) : (i, true)) : (comparison <= 0 ? (s, false) : (i, true));
    }

    /// <summary>Where field keys resolve: under the payload at the top level, under the object itself inside a nested condition.</summary>
    private readonly record struct Scope(string Prefix, CollectionConfig Config, bool Nested)
    {
        public string Path(string key) => Prefix + key;

        /// <summary>A condition whose value type cannot match the field's payload index: Qdrant would find nothing through the
        /// index, so the mixed-type filter is refused with a message naming the field and both types.</summary>
        public void CheckIndex(string key, object condition)
        {
            if (Nested || !Config.PayloadIndexes.TryGetValue(key, out var schema))
            {
                return;
            }

            var type = PayloadIndexType(schema);
            var (wanted, allowed) = condition switch
            {
                MatchValue { Value: var v } => ValueKind(v),
                MatchAny { Values: [var first, ..] } => ValueKind(first),
                MatchExcept { Values: [var first, ..] } => ValueKind(first),
                MatchText => ("a text match", (string[])["text", "keyword"]),
                RangeCondition { IsDate: true } => ("a date-time range", ["datetime"]),
                RangeCondition => ("a numeric range", ["integer", "float"]),
                _ => (string.Empty, []),
            };
            if (allowed.Length > 0 && !allowed.Contains(type, StringComparer.Ordinal))
            {
                throw StoreException.BadInput(
                    $"Bad request: the filter uses {wanted} on `{key}`, whose payload index has type {type}; it needs {string.Join(" or ", allowed)}.");
            }
        }

        private static (string Wanted, string[] Allowed) ValueKind(JsonValue value) => value.GetValueKind() switch
        {
            JsonValueKind.String => ("a string match", ["keyword", "text", "uuid"]),
            JsonValueKind.Number => ("an integer match", ["integer"]),
            _ => ("a boolean match", ["bool"]),
        };
    }

    /// <summary>The type name of a payload index schema: a string, or an object's <c>type</c>.</summary>
    public static string PayloadIndexType(JsonNode schema)
        => schema is JsonObject obj ? obj["type"]?.GetValue<string>() ?? string.Empty : schema.GetValue<string>();
}
