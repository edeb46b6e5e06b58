using System.Text.Json.Nodes;
using Splade.Server.Model.Filters;
using Splade.Server.Storage;

namespace Splade.Server.Model.Points;

/// <summary>The body of <c>PUT /collections/{name}/points/vectors</c>.</summary>
internal sealed record UpdateVectorsRequest
{
    public IReadOnlyList<PointVectors>? Points { get; init; }

    public Filter? UpdateFilter { get; init; }

    public JsonNode? ShardKey { get; init; }
}

/// <summary>New vectors for one existing point.</summary>
internal sealed record PointVectors
{
    public PointId? Id { get; init; }

    public VectorStruct? Vector { get; init; }
}
