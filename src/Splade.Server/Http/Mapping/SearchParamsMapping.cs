using System.Text.Json;
using System.Text.Json.Nodes;
using Splade.Server.Storage;

namespace Splade.Server.Http.Mapping;

/// <summary>Reads a query level's search <c>params</c> (Qdrant's <c>SearchParams</c>, plus Splade.NET's <c>approximate</c>):
/// each is checked for its type and honoured as docs/SERVER.md ("Search params") says; unknown ones are refused.</summary>
internal static class SearchParamsMapping
{
    private static readonly string[] Known = ["hnsw_ef", "exact", "quantization", "indexed_only", "acorn", ApproximateMapping.Field];

    /// <summary>What <paramref name="parameters"/> change, or null when they change nothing.</summary>
    public static SearchParams? ToParams(JsonObject? parameters)
    {
        if (parameters is null)
        {
            return null;
        }

        foreach (var (key, value) in parameters)
        {
            if (!Known.Contains(key, StringComparer.Ordinal))
            {
                throw ApiException.BadRequest($"Format error in JSON body: params: unknown field `{key}`, expected one of {string.Join(", ", Known)}");
            }

            // Shapes of Qdrant's params that change nothing here (no HNSW graph, no quantization; every point is indexed):
            // checked, so that a mistyped value is not taken for a setting.
            var wellFormed = key switch
            {
                "hnsw_ef" => value is null || (value is JsonValue number && number.GetValueKind() == JsonValueKind.Number
                    && number.TryGetValue<long>(out var ef) && ef >= 0),
                "exact" or "indexed_only" => value is null || value.GetValueKind() is JsonValueKind.True or JsonValueKind.False,
                "quantization" or "acorn" => value is null or JsonObject,
                _ => true,
            };
            if (!wellFormed)
            {
                throw ApiException.BadRequest($"Format error in JSON body: params.{key}: " + key switch
                {
                    "hnsw_ef" => "must be an integer of 0 or more",
                    "exact" or "indexed_only" => "must be true or false",
                    _ => "must be an object",
                });
            }
        }

        var exact = parameters["exact"] is JsonValue given && given.GetValue<bool>();
        var (queryTerms, heapFactor) = ApproximateMapping.ToSearchKnobs(parameters[ApproximateMapping.Field], $"params.{ApproximateMapping.Field}");
        if (exact && (queryTerms is not null || heapFactor is not null))
        {
            throw ApiException.BadRequest("Bad request: params: `exact` is true, so the `approximate` knobs would change nothing; give one or the other.");
        }

        return !exact && queryTerms is null && heapFactor is null ? null : new SearchParams(exact, queryTerms, heapFactor);
    }

    /// <summary>Refuses approximate knobs on a level that does not search a sparse vector's approximate index (they would change
    /// nothing): a fusion, a re-scoring of prefetched points (always exact), a dense or exactly searched vector.</summary>
    public static void RequireApproximateTarget(QueryPlan level, CollectionConfig config)
    {
        if (level.Params is not { } parameters || (parameters.QueryTerms is null && parameters.HeapFactor is null))
        {
            return;
        }

        var name = level.Query switch
        {
            NearestQuery nearest => nearest.Using,
            NearestPointQuery byPoint => byPoint.Using,
            _ => null,
        };
        if (level.Prefetch.Count > 0 || name is null || config.FindSparse(name)?.Approximate is null)
        {
            var what = name is null || level.Prefetch.Count > 0
                ? "this query level does not search an index (fusion, listing or re-scoring prefetched points, which is exact)"
                : $"vector `{Collection.DisplayName(name)}` has no approximate index (sparse_vectors.NAME.index.approximate)";
            throw ApiException.BadRequest($"Bad request: params.approximate: {what}, so its knobs would change nothing.");
        }
    }
}
