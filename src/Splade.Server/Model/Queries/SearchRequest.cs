using System.Text.Json.Nodes;
using Splade.Server.Model.Filters;
using Splade.Server.Model.Points;

namespace Splade.Server.Model.Queries;

/// <summary>The body of the older <c>POST /collections/{name}/points/search</c>.</summary>
internal sealed record SearchRequest
{
    public NamedVectorInput? Vector { get; init; }

    public Filter? Filter { get; init; }

    public JsonObject? Params { get; init; }

    public int? Limit { get; init; }

    public int? Offset { get; init; }

    public WithPayload? WithPayload { get; init; }

    public WithVector? WithVector { get; init; }

    public float? ScoreThreshold { get; init; }

    public JsonNode? ShardKey { get; init; }

    /// <summary>Splade.NET's extension: explain every hit.</summary>
    public bool? Explain { get; init; }
}

/// <summary>The body of <c>POST /collections/{name}/points/search/batch</c>.</summary>
internal sealed record SearchBatchRequest
{
    public IReadOnlyList<SearchRequest>? Searches { get; init; }
}
