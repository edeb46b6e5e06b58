using System.Text.Json.Nodes;
using Splade.Server.Inference;
using Splade.Server.Model.Filters;
using Splade.Server.Model.Points;
using Splade.Server.Model.Queries;
using Splade.Server.Storage;

namespace Splade.Server.Http.Mapping;

/// <summary>Turns Query API and search requests into query plans: limits checked, vectors resolved (documents encoded on the
/// query side).</summary>
internal sealed class QueryMapping(InferenceService inference, ServerLimits limits)
{
    public async Task<(QueryPlan Plan, QueryOptions Options)> ToPlanAsync(QueryRequest request, CollectionConfig config, CancellationToken cancellationToken)
    {
        PointMapping.RequireNoShardKey(request.ShardKey);
        var limit = CheckLimit(request.Limit, "limit");
        var offset = request.Offset ?? 0;
        if (offset < 0)
        {
            throw ApiException.Validation("[offset: value must be 0 or larger]");
        }

        if ((long)limit + offset > limits.MaxLimit)
        {
            throw ApiException.Limit($"limit + offset is {(long)limit + offset}; the limit is {limits.MaxLimit} (max_limit).");
        }

        var plan = await ToLevelAsync(
            new Level(request.Prefetch, request.Query, request.Using, request.Filter, request.Params, request.ScoreThreshold, limit, request.LookupFrom),
            config, depth: 0, cancellationToken).ConfigureAwait(false);
        var options = new QueryOptions(
            offset,
            request.WithPayload?.Selector ?? PayloadSelector.None,
            CheckVectors(request.WithVector?.Selector ?? VectorSelector.None, config),
            request.Explain ?? false);
        return (plan, options);
    }

    public async Task<(QueryPlan Plan, QueryOptions Options)> ToPlanAsync(SearchRequest request, CollectionConfig config, CancellationToken cancellationToken)
    {
        PointMapping.RequireNoShardKey(request.ShardKey);
        var vector = request.Vector ?? throw ApiException.BadRequest("Format error in JSON body: missing field `vector`");
        if (request.Limit is null)
        {
            throw ApiException.BadRequest("Format error in JSON body: missing field `limit`");
        }

        var query = new QueryRequest
        {
            Query = new QueryInterface { Nearest = vector.Vector },
            Using = vector.Name,
            Filter = request.Filter,
            Params = request.Params,
            Limit = request.Limit,
            Offset = request.Offset,
            ScoreThreshold = request.ScoreThreshold,
            WithPayload = request.WithPayload,
            WithVector = request.WithVector,
            Explain = request.Explain,
        };
        return await ToPlanAsync(query, config, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Checks a filter's nesting against the limit.</summary>
    public static void CheckFilter(Filter? filter, ServerLimits limits)
    {
        var depth = FilterTranslator.Depth(filter);
        if (depth > limits.MaxFilterDepth)
        {
            throw ApiException.Limit($"the filter nests {depth} levels deep; the limit is {limits.MaxFilterDepth} (max_filter_depth).");
        }
    }

    public int CheckLimit(int? limit, string field)
    {
        var value = limit ?? 10;
        if (value < 1)
        {
            throw ApiException.Validation($"[{field}: value {value} invalid, must be 1 or larger]");
        }

        return value <= limits.MaxLimit
            ? value
            : throw ApiException.Limit($"{field} is {value}; the limit is {limits.MaxLimit} (max_limit).");
    }

    public static VectorSelector CheckVectors(VectorSelector selector, CollectionConfig config)
    {
        foreach (var name in selector.Names ?? [])
        {
            if (!config.HasVector(name))
            {
                throw ApiException.BadRequest($"Wrong input: Not existing vector name error: {Collection.DisplayName(name)}");
            }
        }

        return selector;
    }

    private async Task<QueryPlan> ToLevelAsync(Level level, CollectionConfig config, int depth, CancellationToken cancellationToken)
    {
        if (depth > limits.MaxPrefetchDepth)
        {
            throw ApiException.Limit($"prefetches nest more than {limits.MaxPrefetchDepth} levels deep (max_prefetch_depth).");
        }

        if (level.LookupFrom is not null)
        {
            throw ApiException.BadRequest("Bad request: lookup_from is not supported: a query reads vectors from its own collection.");
        }

        if (level.ScoreThreshold is float threshold && !float.IsFinite(threshold))
        {
            throw ApiException.BadRequest("Format error in JSON body: score_threshold must be a finite number");
        }

        CheckFilter(level.Filter, limits);
        var parameters = SearchParamsMapping.ToParams(level.Params);
        var prefetch = new List<QueryPlan>();
        foreach (var inner in level.Prefetch ?? [])
        {
            var limit = CheckLimit(inner.Limit, "prefetch.limit");
            prefetch.Add(await ToLevelAsync(
                new Level(inner.Prefetch, inner.Query, inner.Using, inner.Filter, inner.Params, inner.ScoreThreshold, limit, inner.LookupFrom),
                config, depth + 1, cancellationToken).ConfigureAwait(false));
        }

        if (prefetch.Count > limits.MaxBatchQueries)
        {
            throw ApiException.Limit($"a query level has {prefetch.Count} prefetches; the limit is {limits.MaxBatchQueries} (max_batch_queries).");
        }

        var plan = new QueryPlan
        {
            Prefetch = prefetch,
            Query = await ToQueryAsync(level.Query, level.Using ?? string.Empty, config, cancellationToken).ConfigureAwait(false),
            Filter = level.Filter,
            ScoreThreshold = level.ScoreThreshold,
            Limit = level.Limit,
            Params = parameters,
        };
        SearchParamsMapping.RequireApproximateTarget(plan, config);
        return plan;
    }

    private async Task<QueryKind?> ToQueryAsync(QueryInterface? query, string name, CollectionConfig config, CancellationToken cancellationToken)
    {
        if (query is null)
        {
            return null;
        }

        if (query.Fusion is { } method)
        {
            return new FusionQuery(method, query.RrfK ?? Fusion.DefaultRrfK, query.RrfWeights);
        }

        var input = query.Nearest!;
        if (!config.HasVector(name))
        {
            throw ApiException.BadRequest($"Wrong input: Not existing vector name error: {Collection.DisplayName(name)}");
        }

        if (input.Id is { } id)
        {
            return new NearestPointQuery(name, id);
        }

        var (vector, vocabulary) = await inference.ResolveQueryAsync(config, name, input, cancellationToken).ConfigureAwait(false);
        return new NearestQuery(name, vector) { Vocabulary = vocabulary };
    }

    private sealed record Level(
        IReadOnlyList<PrefetchRequest>? Prefetch,
        QueryInterface? Query,
        string? Using,
        Filter? Filter,
        JsonObject? Params,
        float? ScoreThreshold,
        int Limit,
        JsonNode? LookupFrom);
}
