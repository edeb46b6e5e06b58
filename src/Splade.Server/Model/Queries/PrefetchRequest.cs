using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Splade.Server.Json;
using Splade.Server.Model.Filters;

namespace Splade.Server.Model.Queries;

/// <summary>One prefetch of a Query API request (nested prefetches allowed).</summary>
internal sealed record PrefetchRequest
{
    [JsonConverter(typeof(PrefetchListJsonConverter))]
    public IReadOnlyList<PrefetchRequest>? Prefetch { get; init; }

    public QueryInterface? Query { get; init; }

    public string? Using { get; init; }

    public Filter? Filter { get; init; }

    public JsonObject? Params { get; init; }

    public float? ScoreThreshold { get; init; }

    public int? Limit { get; init; }

    public JsonNode? LookupFrom { get; init; }
}
