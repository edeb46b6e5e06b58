using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Splade.Server.Json;
using Splade.Server.Model.Filters;
using Splade.Server.Model.Points;

namespace Splade.Server.Model.Queries;

/// <summary>The body of <c>POST /collections/{name}/points/query</c> (Qdrant's Query API), plus <c>explain</c>.</summary>
internal sealed record QueryRequest
{
    [JsonConverter(typeof(PrefetchListJsonConverter))]
    public IReadOnlyList<PrefetchRequest>? Prefetch { get; init; }

    public QueryInterface? Query { get; init; }

    public string? Using { get; init; }

    public Filter? Filter { get; init; }

    public JsonObject? Params { get; init; }

    public float? ScoreThreshold { get; init; }

    public int? Limit { get; init; }

    public int? Offset { get; init; }

    public WithVector? WithVector { get; init; }

    public WithPayload? WithPayload { get; init; }

    public JsonNode? LookupFrom { get; init; }

    public JsonNode? ShardKey { get; init; }

    /// <summary>Splade.NET's extension: explain every hit (matched terms, per-query scores and ranks).</summary>
    public bool? Explain { get; init; }
}
