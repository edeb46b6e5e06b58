using System.Text.Json.Nodes;
using Splade.Server.Inference;
using Splade.Server.Model.Points;
using Splade.Server.Storage;

namespace Splade.Server.Http.Mapping;

/// <summary>Between the point requests and answers of the API and the collection layer.</summary>
internal static class PointMapping
{
    /// <summary>The points of an upsert (list or batch form), with their vectors as sent.</summary>
    public static List<PointDraft> ToDrafts(UpsertRequest request, ServerLimits limits)
    {
        if (request.Points is not null && request.Batch is not null)
        {
            throw ApiException.BadRequest("Format error in JSON body: give either `points` or `batch`, not both");
        }

        RequireNoShardKey(request.ShardKey);
        if (request.Points is { } points)
        {
            CheckBatchSize(points.Count, limits);
            var drafts = new List<PointDraft>(points.Count);
            for (var i = 0; i < points.Count; i++)
            {
                var point = points[i] ?? throw ApiException.BadRequest($"Format error in JSON body: points[{i}] is null");
                var id = point.Id ?? throw ApiException.BadRequest($"Format error in JSON body: points[{i}]: missing field `id`");
                var vector = point.Vector ?? throw ApiException.BadRequest($"Format error in JSON body: points[{i}]: missing field `vector`");
                drafts.Add(new PointDraft(id, ToNamed(vector), point.Payload));
            }

            return drafts;
        }

        if (request.Batch is not { } batch)
        {
            throw ApiException.BadRequest("Format error in JSON body: missing field `points` (or `batch`)");
        }

        var ids = batch.Ids ?? throw ApiException.BadRequest("Format error in JSON body: batch: missing field `ids`");
        var vectors = batch.Vectors ?? throw ApiException.BadRequest("Format error in JSON body: batch: missing field `vectors`");
        CheckBatchSize(ids.Count, limits);
        var lists = vectors.Default is { } defaults
            ? new Dictionary<string, IReadOnlyList<VectorInput>>(StringComparer.Ordinal) { [string.Empty] = defaults }
            : vectors.Named ?? new Dictionary<string, IReadOnlyList<VectorInput>>();
        foreach (var (name, list) in lists)
        {
            RequireLength(list.Count, ids.Count, $"batch.vectors{(name.Length == 0 ? string.Empty : "." + name)}");
        }

        if (batch.Payloads is { } payloads)
        {
            RequireLength(payloads.Count, ids.Count, "batch.payloads");
        }

        return [.. ids.Select((id, i) => new PointDraft(
            id,
            lists.ToDictionary(pair => pair.Key, pair => pair.Value[i], StringComparer.Ordinal),
            batch.Payloads?[i]))];
    }

    /// <summary>A point's vectors by name (the default vector's name is empty).</summary>
    public static IReadOnlyDictionary<string, VectorInput> ToNamed(VectorStruct vector)
        => vector.Default is { } single
            ? new Dictionary<string, VectorInput>(StringComparer.Ordinal) { [string.Empty] = single }
            : vector.Named ?? new Dictionary<string, VectorInput>();

    /// <summary>Which points a request selects: <c>points</c> or <c>filter</c>.</summary>
    public static PointSelection ToSelection(IReadOnlyList<PointId>? points, Model.Filters.Filter? filter, ServerLimits limits, string what)
    {
        if (points is not null && filter is not null)
        {
            throw ApiException.BadRequest($"Format error in JSON body: {what}: give either `points` or `filter`, not both");
        }

        if (points is null && filter is null)
        {
            throw ApiException.BadRequest($"Format error in JSON body: {what}: missing field `points` (or `filter`)");
        }

        if (points is not null)
        {
            CheckBatchSize(points.Count, limits);
        }

        QueryMapping.CheckFilter(filter, limits);
        return new PointSelection(points, filter);
    }

    public static PointOutput ToOutput(PointRecord record, CollectionConfig config)
        => new() { Id = record.Id, Payload = record.Payload, Vector = ToVectorOutput(record.Vectors, config) };

    public static ScoredPointOutput ToOutput(ScoredResult result, CollectionConfig config) => new()
    {
        Id = result.Id,
        Version = result.Version,
        Score = result.Score,
        Payload = result.Payload,
        Vector = ToVectorOutput(result.Vectors, config),
        Explanation = result.Explanation,
    };

    /// <summary>Vectors as Qdrant returns them: an array for a collection with only the unnamed dense vector, else a map by name
    /// (dense arrays, sparse <c>{"indices", "values"}</c>).</summary>
    public static JsonNode? ToVectorOutput(IReadOnlyDictionary<string, VectorValue>? vectors, CollectionConfig config)
    {
        if (vectors is null)
        {
            return null;
        }

        if (config.UnnamedDense && config.Dense.Count == 1 && config.Sparse.Count == 0)
        {
            return vectors.TryGetValue(string.Empty, out var single) ? ToJson(single) : null;
        }

        var map = new JsonObject();
        foreach (var (name, value) in vectors)
        {
            map[name] = ToJson(value);
        }

        return map;
    }

    public static void RequireNoShardKey(JsonNode? shardKey)
    {
        if (shardKey is not null)
        {
            throw ApiException.BadRequest("Bad request: shard keys are not supported: a collection has one shard on a single server.");
        }
    }

    public static void CheckBatchSize(int count, ServerLimits limits)
    {
        if (count > limits.MaxBatchPoints)
        {
            throw ApiException.Limit($"the request holds {count} points; the limit is {limits.MaxBatchPoints} (max_batch_points).");
        }
    }

    private static JsonNode ToJson(VectorValue value)
    {
        if (value.Dense is { } dense)
        {
            return new JsonArray([.. dense.Select(v => (JsonNode)JsonValue.Create(v))]);
        }

        var sparse = value.Sparse!;
        var indices = new JsonArray();
        var values = new JsonArray();
        for (var i = 0; i < sparse.Count; i++)
        {
            indices.Add(sparse.Indices[i]);
            values.Add(sparse.Values[i]);
        }

        return new JsonObject { ["indices"] = indices, ["values"] = values };
    }

    private static void RequireLength(int count, int expected, string what)
    {
        if (count != expected)
        {
            throw ApiException.BadRequest($"Wrong input: {what} has {count} entries but batch.ids has {expected}");
        }
    }
}
