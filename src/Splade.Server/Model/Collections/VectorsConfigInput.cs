using System.Text.Json.Serialization;
using Splade.Server.Json;

namespace Splade.Server.Model.Collections;

/// <summary>A collection's dense vectors: one unnamed <c>{"size", "distance"}</c>, or a map of named ones.</summary>
[JsonConverter(typeof(VectorsConfigJsonConverter))]
internal sealed record VectorsConfigInput
{
    public VectorParamsInput? Single { get; init; }

    public IReadOnlyDictionary<string, VectorParamsInput>? Named { get; init; }
}
