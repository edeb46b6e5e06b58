using System.Text.Json.Nodes;
using Splade.Server.Storage;

namespace Splade.Cluster.Wire;

/// <summary>A point to upsert, as it travels between silos: its id in the engine's form, its vectors and its payload as JSON.</summary>
[GenerateSerializer]
[Immutable]
internal sealed class WirePoint
{
    [Id(0)]
    public required string Id { get; init; }

    [Id(1)]
    public required Dictionary<string, WireVector> Vectors { get; init; }

    [Id(2)]
    public string? Payload { get; init; }

    public static WirePoint From(PointInput point) => new()
    {
        Id = point.Id.ToEngineId(),
        Vectors = point.Vectors.ToDictionary(pair => pair.Key, pair => WireVector.From(pair.Value), StringComparer.Ordinal),
        Payload = point.Payload?.ToJsonString(),
    };

    public PointInput ToInput() => new(
        PointId.FromEngineId(Id),
        Vectors.ToDictionary(pair => pair.Key, pair => pair.Value.ToValue(), StringComparer.Ordinal),
        Payload is null ? null : JsonNode.Parse(Payload)!.AsObject());
}
