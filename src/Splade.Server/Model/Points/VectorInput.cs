using System.Text.Json.Serialization;
using Splade.Server.Json;
using Splade.Server.Storage;

namespace Splade.Server.Model.Points;

/// <summary>One vector as sent: dense values, a sparse vector, a document to encode, or (in queries) a point id whose vector to use.</summary>
[JsonConverter(typeof(VectorInputJsonConverter))]
internal sealed record VectorInput
{
    public float[]? Dense { get; init; }

    public SparseVectorInput? Sparse { get; init; }

    public DocumentInput? Document { get; init; }

    public PointId? Id { get; init; }
}
