using System.Text.Json.Nodes;

namespace Splade.Server.Model.Collections;

/// <summary>The body of <c>PUT /collections/{name}</c>.</summary>
internal sealed record CreateCollectionRequest
{
    public VectorsConfigInput? Vectors { get; init; }

    public IReadOnlyDictionary<string, SparseVectorParamsInput>? SparseVectors { get; init; }

    public long? ShardNumber { get; init; }

    public long? ReplicationFactor { get; init; }

    public long? WriteConsistencyFactor { get; init; }

    public bool? OnDiskPayload { get; init; }

    public JsonObject? HnswConfig { get; init; }

    public JsonObject? OptimizersConfig { get; init; }

    public JsonObject? WalConfig { get; init; }

    public JsonNode? QuantizationConfig { get; init; }

    public JsonNode? StrictModeConfig { get; init; }

    public JsonNode? ShardingMethod { get; init; }

    public JsonNode? InitFrom { get; init; }

    public JsonNode? Payload { get; init; }

    public JsonObject? Metadata { get; init; }
}
