using System.Text.Json.Nodes;
using Splade.Server.Storage;

namespace Splade.Server.Model.Points;

/// <summary>The body of <c>POST /collections/{name}/points</c>.</summary>
internal sealed record RetrieveRequest
{
    public IReadOnlyList<PointId>? Ids { get; init; }

    public WithPayload? WithPayload { get; init; }

    public WithVector? WithVector { get; init; }

    public JsonNode? ShardKey { get; init; }
}
