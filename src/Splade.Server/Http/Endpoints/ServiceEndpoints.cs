using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Splade.Server.Json;
using Splade.Server.Model.Service;

namespace Splade.Server.Http.Endpoints;

/// <summary><c>GET /</c> (name and version), and the health probes.</summary>
internal static class ServiceEndpoints
{
    /// <summary>The version of Qdrant's REST API that Splade.NET follows; Qdrant's clients compare it with their own.</summary>
    public const string QdrantApiVersion = "1.19.0";

    public static void Map(IEndpointRouteBuilder app)
    {
        var version = typeof(ServiceEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0";
        app.MapGet("/", () => TypedResults.Json(new VersionInfo("splade.net - sparse and dense vector search", QdrantApiVersion, version.Split('+')[0]),
                ApiJson.Context.VersionInfo))
            .WithTags("Service").WithSummary("The server's name and version");
        app.MapGet("/healthz", () => TypedResults.Text("healthz check passed")).WithTags("Service").WithSummary("Liveness (no API key needed)");
        app.MapGet("/livez", () => TypedResults.Text("healthz check passed")).WithTags("Service").WithSummary("Liveness");
        app.MapGet("/readyz", async (ServerServices services) => TypedResults.Text(await services.Collections.ReadinessAsync().ConfigureAwait(false)))
            .WithTags("Service").WithSummary("Readiness: the server answers; damaged collections are named");
        app.MapGet("/cluster", async (HttpContext context, ServerServices services) =>
                Api.Ok(context, await services.Collections.GetClusterAsync().ConfigureAwait(false), ApiJson.Context.ApiResponseClusterStatusInfo))
            .WithTags("Service").WithSummary("The cluster: disabled on a single machine; else its id, this silo and every member with its state")
            .Produces<ApiResponse<ClusterStatusInfo>>();
    }
}
