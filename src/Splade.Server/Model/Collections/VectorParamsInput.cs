using System.Text.Json.Nodes;

namespace Splade.Server.Model.Collections;

/// <summary>One dense vector's parameters.</summary>
internal sealed record VectorParamsInput
{
    public long? Size { get; init; }

    public string? Distance { get; init; }

    public JsonObject? HnswConfig { get; init; }

    public JsonNode? QuantizationConfig { get; init; }

    public bool? OnDisk { get; init; }

    public JsonNode? Memory { get; init; }

    public string? Datatype { get; init; }

    public JsonNode? MultivectorConfig { get; init; }
}
