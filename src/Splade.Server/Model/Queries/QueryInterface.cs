using System.Text.Json.Serialization;
using Splade.Server.Json;
using Splade.Server.Model.Points;
using Splade.Server.Storage;

namespace Splade.Server.Model.Queries;

/// <summary>The <c>query</c> of a Query API request: a vector (or document, or point id) to search nearest to, written bare or as
/// <c>{"nearest": ...}</c>; <c>{"fusion": "rrf" | "dbsf"}</c>; or <c>{"rrf": {"k": .., "weights": [..]}}</c>.</summary>
[JsonConverter(typeof(QueryInterfaceJsonConverter))]
internal sealed record QueryInterface
{
    public VectorInput? Nearest { get; init; }

    public FusionMethod? Fusion { get; init; }

    public int? RrfK { get; init; }

    public IReadOnlyList<float>? RrfWeights { get; init; }
}
