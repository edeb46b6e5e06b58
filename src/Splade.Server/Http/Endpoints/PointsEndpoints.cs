using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Splade.Server.Http.Mapping;
using Splade.Server.Json;
using Splade.Server.Model.Points;
using Splade.Server.Model.Service;
using Splade.Server.Storage;

namespace Splade.Server.Http.Endpoints;

/// <summary>Points: upsert, retrieve, get one, delete, vectors, scroll and count.</summary>
internal static class PointsEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/collections/{name}/points").WithTags("Points");
        group.MapPut("", async (HttpContext context, ServerServices services, string name) =>
            {
                var request = await RequestBody.ReadAsync(context, ApiJson.Context.UpsertRequest).ConfigureAwait(false);
                var drafts = PointMapping.ToDrafts(request, services.Limits);
                QueryMapping.CheckFilter(request.UpdateFilter, services.Limits);
                var mode = request.UpdateMode switch
                {
                    null or "upsert" => UpdateMode.Upsert,
                    "insert_only" => UpdateMode.InsertOnly,
                    "update_only" => UpdateMode.UpdateOnly,
                    _ => throw ApiException.BadRequest(
                        $"Format error in JSON body: unknown update_mode `{request.UpdateMode}`, expected upsert, insert_only or update_only"),
                };
                using var collection = await services.OpenAsync(name).ConfigureAwait(false);
                var points = await services.Inference.ResolvePointsAsync(collection.Config, drafts, context.RequestAborted).ConfigureAwait(false);
                var operation = await collection.UpsertAsync(points, mode, request.UpdateFilter).ConfigureAwait(false);
                return Api.Ok(context, CollectionsEndpoints.Updated(context, operation), ApiJson.Context.ApiResponseUpdateResult);
            })
            .WithSummary("Upsert points (list or batch form); vectors may be documents to encode").Accepts<UpsertRequest>("application/json")
            .Produces<ApiResponse<UpdateResult>>().WithMetadata(WriteOperation.Instance);

        group.MapPost("", async (HttpContext context, ServerServices services, string name) =>
            {
                var request = await RequestBody.ReadAsync(context, ApiJson.Context.RetrieveRequest).ConfigureAwait(false);
                PointMapping.RequireNoShardKey(request.ShardKey);
                var ids = request.Ids ?? throw ApiException.BadRequest("Format error in JSON body: missing field `ids`");
                PointMapping.CheckBatchSize(ids.Count, services.Limits);
                using var collection = await services.OpenAsync(name).ConfigureAwait(false);
                var vectors = QueryMapping.CheckVectors(request.WithVector?.Selector ?? VectorSelector.None, collection.Config);
                var records = await collection.RetrieveAsync(ids, request.WithPayload?.Selector ?? PayloadSelector.All, vectors).ConfigureAwait(false);
                IReadOnlyList<PointOutput> result = [.. records.Select(record => PointMapping.ToOutput(record, collection.Config))];
                return Api.Ok(context, result, ApiJson.Context.ApiResponseIReadOnlyListPointOutput);
            })
            .WithSummary("Retrieve points by id (missing ids are left out)").Accepts<RetrieveRequest>("application/json")
            .Produces<ApiResponse<IReadOnlyList<PointOutput>>>();

        group.MapGet("/{id}", async (HttpContext context, ServerServices services, string name, string id) =>
            {
                var pointId = ParseId(id);
                using var collection = await services.OpenAsync(name).ConfigureAwait(false);
                var records = await collection.RetrieveAsync([pointId], PayloadSelector.All, VectorSelector.Everything).ConfigureAwait(false);
                var record = records.Count > 0 ? records[0] : throw StoreException.NotFound($"No point with id {pointId} found");
                return Api.Ok(context, PointMapping.ToOutput(record, collection.Config), ApiJson.Context.ApiResponsePointOutput);
            })
            .WithSummary("Get one point with its payload and vectors").Produces<ApiResponse<PointOutput>>();

        group.MapPost("/delete", async (HttpContext context, ServerServices services, string name) =>
            {
                var request = await RequestBody.ReadAsync(context, ApiJson.Context.PointsSelectorRequest).ConfigureAwait(false);
                PointMapping.RequireNoShardKey(request.ShardKey);
                var selection = PointMapping.ToSelection(request.Points, request.Filter, services.Limits, "delete");
                using var collection = await services.OpenAsync(name).ConfigureAwait(false);
                var operation = await collection.DeleteAsync(selection).ConfigureAwait(false);
                return Api.Ok(context, CollectionsEndpoints.Updated(context, operation), ApiJson.Context.ApiResponseUpdateResult);
            })
            .WithSummary("Delete points by id or by filter").Accepts<PointsSelectorRequest>("application/json")
            .Produces<ApiResponse<UpdateResult>>().WithMetadata(WriteOperation.Instance);

        group.MapPut("/vectors", async (HttpContext context, ServerServices services, string name) =>
            {
                var request = await RequestBody.ReadAsync(context, ApiJson.Context.UpdateVectorsRequest).ConfigureAwait(false);
                PointMapping.RequireNoShardKey(request.ShardKey);
                var points = request.Points ?? throw ApiException.BadRequest("Format error in JSON body: missing field `points`");
                PointMapping.CheckBatchSize(points.Count, services.Limits);
                QueryMapping.CheckFilter(request.UpdateFilter, services.Limits);
                var drafts = points.Select((point, i) => new Inference.PointDraft(
                    point.Id ?? throw ApiException.BadRequest($"Format error in JSON body: points[{i}]: missing field `id`"),
                    PointMapping.ToNamed(point.Vector ?? throw ApiException.BadRequest($"Format error in JSON body: points[{i}]: missing field `vector`")),
                    null)).ToList();
                using var collection = await services.OpenAsync(name).ConfigureAwait(false);
                var resolved = await services.Inference.ResolvePointsAsync(collection.Config, drafts, context.RequestAborted).ConfigureAwait(false);
                var operation = await collection.UpdateVectorsAsync(resolved, request.UpdateFilter).ConfigureAwait(false);
                return Api.Ok(context, CollectionsEndpoints.Updated(context, operation), ApiJson.Context.ApiResponseUpdateResult);
            })
            .WithSummary("Replace named vectors of existing points").Accepts<UpdateVectorsRequest>("application/json")
            .Produces<ApiResponse<UpdateResult>>().WithMetadata(WriteOperation.Instance);

        group.MapPost("/vectors/delete", async (HttpContext context, ServerServices services, string name) =>
            {
                var request = await RequestBody.ReadAsync(context, ApiJson.Context.DeleteVectorsRequest).ConfigureAwait(false);
                PointMapping.RequireNoShardKey(request.ShardKey);
                var selection = PointMapping.ToSelection(request.Points, request.Filter, services.Limits, "delete vectors");
                var names = request.Vector ?? throw ApiException.BadRequest("Format error in JSON body: missing field `vector`");
                using var collection = await services.OpenAsync(name).ConfigureAwait(false);
                var operation = await collection.DeleteVectorsAsync(selection, names).ConfigureAwait(false);
                return Api.Ok(context, CollectionsEndpoints.Updated(context, operation), ApiJson.Context.ApiResponseUpdateResult);
            })
            .WithSummary("Remove named vectors from points").Accepts<DeleteVectorsRequest>("application/json")
            .Produces<ApiResponse<UpdateResult>>().WithMetadata(WriteOperation.Instance);

        group.MapPost("/scroll", async (HttpContext context, ServerServices services, string name) =>
            {
                var request = await RequestBody.ReadOptionalAsync(context, ApiJson.Context.ScrollRequest, new ScrollRequest()).ConfigureAwait(false);
                PointMapping.RequireNoShardKey(request!.ShardKey);
                if (request.OrderBy is not null)
                {
                    throw ApiException.BadRequest("Bad request: order_by is not supported: scroll returns points in id order.");
                }

                var limit = services.Queries.CheckLimit(request.Limit, "limit");
                QueryMapping.CheckFilter(request.Filter, services.Limits);
                using var collection = await services.OpenAsync(name).ConfigureAwait(false);
                var vectors = QueryMapping.CheckVectors(request.WithVector?.Selector ?? VectorSelector.None, collection.Config);
                var page = await collection.ScrollAsync(request.Filter, request.Offset, limit, request.WithPayload?.Selector ?? PayloadSelector.All, vectors)
                    .ConfigureAwait(false);
                var result = new ScrollResult([.. page.Points.Select(record => PointMapping.ToOutput(record, collection.Config))], page.NextOffset);
                return Api.Ok(context, result, ApiJson.Context.ApiResponseScrollResult);
            })
            .WithSummary("Page through points in id order, optionally filtered").Accepts<ScrollRequest>("application/json")
            .Produces<ApiResponse<ScrollResult>>();

        group.MapPost("/count", async (HttpContext context, ServerServices services, string name) =>
            {
                var request = await RequestBody.ReadOptionalAsync(context, ApiJson.Context.CountRequest, new CountRequest()).ConfigureAwait(false);
                PointMapping.RequireNoShardKey(request!.ShardKey);
                QueryMapping.CheckFilter(request.Filter, services.Limits);
                using var collection = await services.OpenAsync(name).ConfigureAwait(false);
                var count = await collection.CountAsync(request.Filter).ConfigureAwait(false);
                return Api.Ok(context, new CountResult(count), ApiJson.Context.ApiResponseCountResult);
            })
            .WithSummary("Count points, optionally filtered (always exact)").Accepts<CountRequest>("application/json")
            .Produces<ApiResponse<CountResult>>();
    }

    private static PointId ParseId(string text)
    {
        if (ulong.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            return PointId.FromNumber(number);
        }

        return PointId.TryParseUuid(text, out var id)
            ? id
            : throw ApiException.BadRequest($"Format error in path parameters: `{text}` is not a point id (an unsigned integer or a UUID)");
    }
}
