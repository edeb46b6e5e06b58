using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Splade.Server.Http.Mapping;
using Splade.Server.Json;
using Splade.Server.Model.Points;
using Splade.Server.Model.Service;

namespace Splade.Server.Http.Endpoints;

/// <summary>Payloads: set (merge keys), overwrite, delete keys, clear.</summary>
internal static class PayloadEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/collections/{name}/points/payload").WithTags("Payload");
        group.MapPost("", (HttpContext context, ServerServices services, string name) => SetAsync(context, services, name, overwrite: false))
            .WithSummary("Set payload keys of points (other keys are kept)").Accepts<SetPayloadRequest>("application/json")
            .Produces<ApiResponse<UpdateResult>>().WithMetadata(WriteOperation.Instance);
        group.MapPut("", (HttpContext context, ServerServices services, string name) => SetAsync(context, services, name, overwrite: true))
            .WithSummary("Replace the whole payload of points").Accepts<SetPayloadRequest>("application/json")
            .Produces<ApiResponse<UpdateResult>>().WithMetadata(WriteOperation.Instance);

        group.MapPost("/delete", async (HttpContext context, ServerServices services, string name) =>
            {
                var request = await RequestBody.ReadAsync(context, ApiJson.Context.DeletePayloadRequest).ConfigureAwait(false);
                PointMapping.RequireNoShardKey(request.ShardKey);
                var keys = request.Keys ?? throw ApiException.BadRequest("Format error in JSON body: missing field `keys`");
                var selection = PointMapping.ToSelection(request.Points, request.Filter, services.Limits, "delete payload");
                using var collection = await services.OpenAsync(name).ConfigureAwait(false);
                var operation = await collection.DeletePayloadKeysAsync(selection, keys).ConfigureAwait(false);
                return Api.Ok(context, CollectionsEndpoints.Updated(context, operation), ApiJson.Context.ApiResponseUpdateResult);
            })
            .WithSummary("Delete payload keys of points").Accepts<DeletePayloadRequest>("application/json")
            .Produces<ApiResponse<UpdateResult>>().WithMetadata(WriteOperation.Instance);

        group.MapPost("/clear", async (HttpContext context, ServerServices services, string name) =>
            {
                var request = await RequestBody.ReadAsync(context, ApiJson.Context.PointsSelectorRequest).ConfigureAwait(false);
                PointMapping.RequireNoShardKey(request.ShardKey);
                var selection = PointMapping.ToSelection(request.Points, request.Filter, services.Limits, "clear payload");
                using var collection = await services.OpenAsync(name).ConfigureAwait(false);
                var operation = await collection.ClearPayloadAsync(selection).ConfigureAwait(false);
                return Api.Ok(context, CollectionsEndpoints.Updated(context, operation), ApiJson.Context.ApiResponseUpdateResult);
            })
            .WithSummary("Remove the whole payload of points").Accepts<PointsSelectorRequest>("application/json")
            .Produces<ApiResponse<UpdateResult>>().WithMetadata(WriteOperation.Instance);
    }

    private static async Task<IResult> SetAsync(HttpContext context, ServerServices services, string name, bool overwrite)
    {
        var request = await RequestBody.ReadAsync(context, ApiJson.Context.SetPayloadRequest).ConfigureAwait(false);
        PointMapping.RequireNoShardKey(request.ShardKey);
        if (request.Key is not null)
        {
            throw ApiException.BadRequest("Bad request: `key` (assigning the payload under a nested path) is not supported.");
        }

        var payload = request.Payload ?? throw ApiException.BadRequest("Format error in JSON body: missing field `payload`");
        var selection = PointMapping.ToSelection(request.Points, request.Filter, services.Limits, "set payload");
        using var collection = await services.OpenAsync(name).ConfigureAwait(false);
        var operation = await collection.SetPayloadAsync(selection, payload, overwrite).ConfigureAwait(false);
        return Api.Ok(context, CollectionsEndpoints.Updated(context, operation), ApiJson.Context.ApiResponseUpdateResult);
    }
}
