using System.Text.Json.Nodes;
using Splade.Server.Model.Filters;
using Splade.Server.Storage;

namespace Splade.Server.Model.Points;

/// <summary>The body of the set and overwrite payload operations.</summary>
internal sealed record SetPayloadRequest
{
    public JsonObject? Payload { get; init; }

    public IReadOnlyList<PointId>? Points { get; init; }

    public Filter? Filter { get; init; }

    /// <summary>Qdrant's nested assignment path; refused (not supported).</summary>
    public string? Key { get; init; }

    public JsonNode? ShardKey { get; init; }
}
