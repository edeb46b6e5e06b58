using System.Text.Json.Nodes;
using Splade.Server.Model.Filters;
using Splade.Server.Storage;

namespace Splade.Server.Model.Points;

/// <summary>The body of <c>POST /collections/{name}/points/scroll</c>.</summary>
internal sealed record ScrollRequest
{
    public PointId? Offset { get; init; }

    public int? Limit { get; init; }

    public Filter? Filter { get; init; }

    public WithPayload? WithPayload { get; init; }

    public WithVector? WithVector { get; init; }

    /// <summary>Ordering by a payload field; refused (not supported).</summary>
    public JsonNode? OrderBy { get; init; }

    public JsonNode? ShardKey { get; init; }
}
