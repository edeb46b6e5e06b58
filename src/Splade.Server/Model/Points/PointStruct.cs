using System.Text.Json.Nodes;
using Splade.Server.Storage;

namespace Splade.Server.Model.Points;

/// <summary>A point in an upsert's list form.</summary>
internal sealed record PointStruct
{
    public PointId? Id { get; init; }

    public VectorStruct? Vector { get; init; }

    public JsonObject? Payload { get; init; }
}
