using System.Text.Json.Nodes;
using Splade.Server.Model.Filters;
using Splade.Server.Storage;

namespace Splade.Server.Model.Points;

/// <summary>The body of <c>POST /collections/{name}/points/vectors/delete</c>.</summary>
internal sealed record DeleteVectorsRequest
{
    public IReadOnlyList<PointId>? Points { get; init; }

    public Filter? Filter { get; init; }

    public IReadOnlyList<string>? Vector { get; init; }

    public JsonNode? ShardKey { get; init; }
}
