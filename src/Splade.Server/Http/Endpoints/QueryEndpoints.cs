using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Splade.Server.Catalog;
using Splade.Server.Http.Mapping;
using Splade.Server.Json;
using Splade.Server.Model.Points;
using Splade.Server.Model.Queries;
using Splade.Server.Model.Service;
using Splade.Server.Storage;

namespace Splade.Server.Http.Endpoints;

/// <summary>The Query API (<c>points/query</c>, with prefetch and fusion) and the older <c>points/search</c>, single and batch.</summary>
internal static class QueryEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/collections/{name}/points").WithTags("Search");
        group.MapPost("/query", async (HttpContext context, ServerServices services, string name) =>
            {
                var request = await RequestBody.ReadOptionalAsync(context, ApiJson.Context.QueryRequest, new QueryRequest()).ConfigureAwait(false);
                using var collection = await services.OpenAsync(name).ConfigureAwait(false);
                var response = new QueryResponse(await RunAsync(services, collection, request!, context.RequestAborted).ConfigureAwait(false));
                return Api.Ok(context, response, ApiJson.Context.ApiResponseQueryResponse);
            })
            .WithSummary("Query: nearest by vector, document or point id, prefetch (nested), fusion rrf/dbsf, filter, explain")
            .Accepts<QueryRequest>("application/json").Produces<ApiResponse<QueryResponse>>();

        group.MapPost("/query/batch", async (HttpContext context, ServerServices services, string name) =>
            {
                var request = await RequestBody.ReadAsync(context, ApiJson.Context.QueryBatchRequest).ConfigureAwait(false);
                var searches = CheckBatch(request.Searches, services.Limits);
                using var collection = await services.OpenAsync(name).ConfigureAwait(false);
                var results = new List<QueryResponse>(searches.Count);
                foreach (var search in searches)
                {
                    results.Add(new QueryResponse(await RunAsync(services, collection, search, context.RequestAborted).ConfigureAwait(false)));
                }

                return Api.Ok(context, (IReadOnlyList<QueryResponse>)results, ApiJson.Context.ApiResponseIReadOnlyListQueryResponse);
            })
            .WithSummary("Several queries in one request").Accepts<QueryBatchRequest>("application/json")
            .Produces<ApiResponse<IReadOnlyList<QueryResponse>>>();

        group.MapPost("/search", async (HttpContext context, ServerServices services, string name) =>
            {
                var request = await RequestBody.ReadAsync(context, ApiJson.Context.SearchRequest).ConfigureAwait(false);
                using var collection = await services.OpenAsync(name).ConfigureAwait(false);
                var result = await SearchAsync(services, collection, request, context.RequestAborted).ConfigureAwait(false);
                return Api.Ok(context, result, ApiJson.Context.ApiResponseIReadOnlyListScoredPointOutput);
            })
            .WithSummary("Search nearest to a vector (the older API)").Accepts<SearchRequest>("application/json")
            .Produces<ApiResponse<IReadOnlyList<ScoredPointOutput>>>();

        group.MapPost("/search/batch", async (HttpContext context, ServerServices services, string name) =>
            {
                var request = await RequestBody.ReadAsync(context, ApiJson.Context.SearchBatchRequest).ConfigureAwait(false);
                var searches = CheckBatch(request.Searches, services.Limits);
                using var collection = await services.OpenAsync(name).ConfigureAwait(false);
                var results = new List<IReadOnlyList<ScoredPointOutput>>(searches.Count);
                foreach (var search in searches)
                {
                    results.Add(await SearchAsync(services, collection, search, context.RequestAborted).ConfigureAwait(false));
                }

                return Api.Ok(
                    context, (IReadOnlyList<IReadOnlyList<ScoredPointOutput>>)results, ApiJson.Context.ApiResponseIReadOnlyListIReadOnlyListScoredPointOutput);
            })
            .WithSummary("Several searches in one request (the older API)").Accepts<SearchBatchRequest>("application/json")
            .Produces<ApiResponse<IReadOnlyList<IReadOnlyList<ScoredPointOutput>>>>();
    }

    private static async Task<IReadOnlyList<ScoredPointOutput>> RunAsync(
        ServerServices services, ICollectionHandle collection, QueryRequest request, CancellationToken cancellationToken)
    {
        var (plan, options) = await services.Queries.ToPlanAsync(request, collection.Config, cancellationToken).ConfigureAwait(false);
        return [.. (await collection.QueryAsync(plan, options).ConfigureAwait(false)).Select(result => PointMapping.ToOutput(result, collection.Config))];
    }

    private static async Task<IReadOnlyList<ScoredPointOutput>> SearchAsync(
        ServerServices services, ICollectionHandle collection, SearchRequest request, CancellationToken cancellationToken)
    {
        var (plan, options) = await services.Queries.ToPlanAsync(request, collection.Config, cancellationToken).ConfigureAwait(false);
        return [.. (await collection.QueryAsync(plan, options).ConfigureAwait(false)).Select(result => PointMapping.ToOutput(result, collection.Config))];
    }

    private static IReadOnlyList<T> CheckBatch<T>(IReadOnlyList<T>? searches, ServerLimits limits)
    {
        var list = searches ?? throw ApiException.BadRequest("Format error in JSON body: missing field `searches`");
        return list.Count <= limits.MaxBatchQueries
            ? list
            : throw ApiException.Limit($"the batch holds {list.Count} queries; the limit is {limits.MaxBatchQueries} (max_batch_queries).");
    }
}
