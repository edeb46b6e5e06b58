using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Splade.Server.Model.Collections;
using Splade.Server.Model.Points;
using Splade.Server.Model.Queries;
using Splade.Server.Model.Service;
using Splade.Server.Model.Splade;
using Splade.Server.Storage;

namespace Splade.Server.Json;

/// <summary>The JSON forms of the HTTP API, generated at build time: snake_case names, null members left out (as Qdrant does).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.Strict,
    Converters = [typeof(PointIdJsonConverter)])]
[JsonSerializable(typeof(CreateCollectionRequest))]
[JsonSerializable(typeof(VectorParamsInput))]
[JsonSerializable(typeof(CreateFieldIndexRequest))]
[JsonSerializable(typeof(UpsertRequest))]
[JsonSerializable(typeof(PointsSelectorRequest))]
[JsonSerializable(typeof(SetPayloadRequest))]
[JsonSerializable(typeof(DeletePayloadRequest))]
[JsonSerializable(typeof(UpdateVectorsRequest))]
[JsonSerializable(typeof(DeleteVectorsRequest))]
[JsonSerializable(typeof(RetrieveRequest))]
[JsonSerializable(typeof(ScrollRequest))]
[JsonSerializable(typeof(CountRequest))]
[JsonSerializable(typeof(QueryRequest))]
[JsonSerializable(typeof(PrefetchRequest))]
[JsonSerializable(typeof(QueryBatchRequest))]
[JsonSerializable(typeof(SearchRequest))]
[JsonSerializable(typeof(SearchBatchRequest))]
[JsonSerializable(typeof(EncodeRequest))]
[JsonSerializable(typeof(SimilarityRequest))]
[JsonSerializable(typeof(ApiResponse<bool>))]
[JsonSerializable(typeof(ApiResponse<CollectionsResponse>))]
[JsonSerializable(typeof(ApiResponse<CollectionInfo>))]
[JsonSerializable(typeof(ApiResponse<ClusterStatusInfo>))]
[JsonSerializable(typeof(ApiResponse<PeerDrainInfo>))]
[JsonSerializable(typeof(ApiResponse<CollectionExistence>))]
[JsonSerializable(typeof(ApiResponse<UpdateResult>))]
[JsonSerializable(typeof(ApiResponse<PointOutput>))]
[JsonSerializable(typeof(ApiResponse<IReadOnlyList<PointOutput>>))]
[JsonSerializable(typeof(ApiResponse<ScrollResult>))]
[JsonSerializable(typeof(ApiResponse<CountResult>))]
[JsonSerializable(typeof(ApiResponse<QueryResponse>))]
[JsonSerializable(typeof(ApiResponse<IReadOnlyList<QueryResponse>>))]
[JsonSerializable(typeof(ApiResponse<IReadOnlyList<ScoredPointOutput>>))]
[JsonSerializable(typeof(ApiResponse<IReadOnlyList<IReadOnlyList<ScoredPointOutput>>>))]
[JsonSerializable(typeof(ApiResponse<EncodeResult>))]
[JsonSerializable(typeof(ApiResponse<SimilarityResult>))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(VersionInfo))]
[JsonSerializable(typeof(JsonObject))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
