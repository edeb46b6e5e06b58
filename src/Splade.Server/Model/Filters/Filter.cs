using System.Text.Json.Serialization;
using Splade.Server.Json;

namespace Splade.Server.Model.Filters;

/// <summary>Qdrant's filter: <c>must</c> (all), <c>should</c> (at least one), <c>min_should</c> (at least n) and <c>must_not</c>
/// (none) over conditions; each clause is optional, and a filter with none matches every point.</summary>
[JsonConverter(typeof(FilterJsonConverter))]
internal sealed record Filter
{
    public IReadOnlyList<Condition>? Must { get; init; }

    public IReadOnlyList<Condition>? Should { get; init; }

    public MinShould? MinShould { get; init; }

    public IReadOnlyList<Condition>? MustNot { get; init; }

    /// <summary>The filter's JSON as the request gave it (null for filters built in code): a cluster sends it to its shards.</summary>
    public string? Json { get; init; }

    /// <summary>The conjunction of two optional filters (a parent query's filter applies to its prefetches).</summary>
    public static Filter? Merge(Filter? first, Filter? second)
        => first is null ? second : second is null ? first : new Filter { Must = [new FilterCondition(first), new FilterCondition(second)] };
}
