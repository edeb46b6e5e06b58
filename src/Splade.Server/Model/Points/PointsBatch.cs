using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Splade.Server.Json;
using Splade.Server.Storage;

namespace Splade.Server.Model.Points;

/// <summary>An upsert's batch form: parallel lists of ids, vectors and payloads.</summary>
internal sealed record PointsBatch
{
    public IReadOnlyList<PointId>? Ids { get; init; }

    public BatchVectors? Vectors { get; init; }

    public IReadOnlyList<JsonObject?>? Payloads { get; init; }
}

/// <summary>A batch's vectors: one list for the default vector, or lists by name.</summary>
[JsonConverter(typeof(BatchVectorsJsonConverter))]
internal sealed record BatchVectors
{
    public IReadOnlyList<VectorInput>? Default { get; init; }

    public IReadOnlyDictionary<string, IReadOnlyList<VectorInput>>? Named { get; init; }
}
