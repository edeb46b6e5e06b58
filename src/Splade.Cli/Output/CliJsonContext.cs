using System.Text.Json.Serialization;
using Splade.Checkpoints.Hub;
using Splade.Index;

namespace Splade.Cli.Output;

/// <summary>The serialization metadata of every JSON value the tool prints, generated at build time; names are snake_case
/// (as Qdrant's REST API and <c>splade serve</c> spell them), absent values are left out.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = false)]
[JsonSerializable(typeof(SearchResponse))]
[JsonSerializable(typeof(BatchSummary))]
[JsonSerializable(typeof(IndexBuildOutput))]
[JsonSerializable(typeof(IndexAddOutput))]
[JsonSerializable(typeof(IndexDeleteOutput))]
[JsonSerializable(typeof(IndexStatistics))]
[JsonSerializable(typeof(ExplainOutput))]
[JsonSerializable(typeof(SimilarityOutput))]
[JsonSerializable(typeof(EvalOutput))]
[JsonSerializable(typeof(List<EvalOutput>))]
[JsonSerializable(typeof(DemoOutput))]
[JsonSerializable(typeof(IReadOnlyList<CachedModel>))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
