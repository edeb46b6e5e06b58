using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Splade.Server.Catalog;
using Splade.Server.Http.Mapping;
using Splade.Server.Json;
using Splade.Server.Model.Collections;
using Splade.Server.Model.Points;
using Splade.Server.Model.Service;
using Splade.Server.Storage;

namespace Splade.Server.Http.Endpoints;

/// <summary>Collections: list, info, exists, create, delete, and payload indexes.</summary>
internal static class CollectionsEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/collections").WithTags("Collections");
        group.MapGet("", async (HttpContext context, ServerServices services) =>
            {
                var names = await services.Collections.ListAsync().ConfigureAwait(false);
                var response = new CollectionsResponse([.. names.Select(name => new CollectionDescription(name))]);
                return Api.Ok(context, response, ApiJson.Context.ApiResponseCollectionsResponse);
            })
            .WithSummary("List collections").Produces<ApiResponse<CollectionsResponse>>();

        group.MapGet("/{name}", async (HttpContext context, ServerServices services, string name) =>
                Api.Ok(context, await services.Collections.GetInfoAsync(name).ConfigureAwait(false), ApiJson.Context.ApiResponseCollectionInfo))
            .WithSummary("Collection info: status, counts, configuration, payload indexes").Produces<ApiResponse<CollectionInfo>>();

        group.MapGet("/{name}/exists", async (HttpContext context, ServerServices services, string name) =>
                Api.Ok(context, new CollectionExistence(await services.Collections.ExistsAsync(name).ConfigureAwait(false)),
                    ApiJson.Context.ApiResponseCollectionExistence))
            .WithSummary("Whether a collection exists").Produces<ApiResponse<CollectionExistence>>();

        group.MapPut("/{name}", async (HttpContext context, ServerServices services, string name) =>
            {
                CollectionStore.ValidateName(name);
                var request = await RequestBody.ReadOptionalAsync(context, ApiJson.Context.CreateCollectionRequest, new CreateCollectionRequest())
                    .ConfigureAwait(false);
                var config = CollectionMapping.ToConfig(request!, services.Limits, services.Collections.Sharded);
                var sharding = new CollectionSharding(request!.ShardNumber, request.ReplicationFactor, request.WriteConsistencyFactor);
                await services.Collections.CreateAsync(name, config, sharding).ConfigureAwait(false);
                return Api.Ok(context, true, ApiJson.Context.ApiResponseBoolean);
            })
            .WithSummary("Create a collection with named dense vectors and sparse vectors").Accepts<CreateCollectionRequest>("application/json")
            .Produces<ApiResponse<bool>>().WithMetadata(WriteOperation.Instance);

        group.MapPatch("/{name}", UpdateNotSupported).WithSummary("Update a collection's parameters (not supported)").WithMetadata(WriteOperation.Instance);

        group.MapDelete("/{name}", async (HttpContext context, ServerServices services, string name) =>
                Api.Ok(context, await services.Collections.DeleteAsync(name).ConfigureAwait(false), ApiJson.Context.ApiResponseBoolean))
            .WithSummary("Delete a collection (after the requests using it finish)").Produces<ApiResponse<bool>>().WithMetadata(WriteOperation.Instance);

        group.MapPut("/{name}/index", async (HttpContext context, ServerServices services, string name) =>
            {
                var request = await RequestBody.ReadAsync(context, ApiJson.Context.CreateFieldIndexRequest).ConfigureAwait(false);
                var field = request.FieldName is { Length: > 0 } fieldName
                    ? fieldName
                    : throw ApiException.BadRequest("Format error in JSON body: missing field `field_name`");
                var schema = CollectionMapping.ToPayloadSchema(request);
                using var collection = await services.OpenAsync(name).ConfigureAwait(false);
                var operation = await collection.UpdatePayloadIndexesAsync(
                        indexes => new Dictionary<string, JsonNode>(indexes, StringComparer.Ordinal) { [field] = schema })
                    .ConfigureAwait(false);
                return Api.Ok(context, Updated(context, operation), ApiJson.Context.ApiResponseUpdateResult);
            })
            .WithSummary("Create a payload index (filters work with or without one; a typed index refuses filters of another type)")
            .Accepts<CreateFieldIndexRequest>("application/json").Produces<ApiResponse<UpdateResult>>().WithMetadata(WriteOperation.Instance);

        group.MapDelete("/{name}/index/{field}", async (HttpContext context, ServerServices services, string name, string field) =>
            {
                using var collection = await services.OpenAsync(name).ConfigureAwait(false);
                var operation = await collection.UpdatePayloadIndexesAsync(indexes =>
                    new Dictionary<string, JsonNode>(indexes.Where(pair => pair.Key != field), StringComparer.Ordinal)).ConfigureAwait(false);
                return Api.Ok(context, Updated(context, operation), ApiJson.Context.ApiResponseUpdateResult);
            })
            .WithSummary("Delete a payload index").Produces<ApiResponse<UpdateResult>>().WithMetadata(WriteOperation.Instance);
    }

    private static IResult UpdateNotSupported()
        => throw ApiException.BadRequest("Bad request: updating a collection's parameters is not supported; its vectors are fixed at creation.");

    /// <summary>A write's result: <c>completed</c> when the request waited (<c>?wait=true</c>), else <c>acknowledged</c>; either
    /// way the write is durable and visible when the answer is sent.</summary>
    public static UpdateResult Updated(HttpContext context, long operation)
        => new(operation, context.Request.Query.TryGetValue("wait", out var wait) && wait.ToString() is "true" or "1" ? "completed" : "acknowledged");
}
