using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Splade.Server.Catalog;
using Splade.Server.Json;
using Splade.Server.Model.Service;
using Splade.Server.Storage;

namespace Splade.Server.Http.Endpoints;

/// <summary>Operating a cluster's silos: Qdrant's <c>DELETE /cluster/peer/{peer_id}</c> (refused while the silo holds replicas unless
/// <c>force</c>), and Splade.NET's <c>POST</c>/<c>DELETE /cluster/peer/{silo}/drain</c> (move its replicas off, and stop doing so).
/// On a single machine each answers 400.</summary>
internal static class ClusterEndpoints
{
    /// <summary>The longest a request may wait (<c>wait</c>, <c>timeout</c>), in seconds.</summary>
    public const int MaxWaitSeconds = 3600;

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/cluster/peer").WithTags("Cluster");
        group.MapPost("/{silo}/drain", async (HttpContext context, string silo) =>
                Api.Ok(context, await Operations(context).DrainAsync(silo, Seconds(context, "wait"), context.RequestAborted).ConfigureAwait(false),
                    ApiJson.Context.ApiResponsePeerDrainInfo))
            .WithSummary("Drain a silo: no replica is placed on it and its replicas move to other silos; answers how many it still holds "
                + "(after up to `wait` seconds for none)")
            .Produces<ApiResponse<PeerDrainInfo>>().WithMetadata(WriteOperation.Instance);
        group.MapDelete("/{silo}/drain", async (HttpContext context, string silo) =>
                Api.Ok(context, await Operations(context).StopDrainingAsync(silo).ConfigureAwait(false), ApiJson.Context.ApiResponsePeerDrainInfo))
            .WithSummary("Stop draining a silo: replicas may be placed on it again")
            .Produces<ApiResponse<PeerDrainInfo>>().WithMetadata(WriteOperation.Instance);
        group.MapDelete("/{silo}", async (HttpContext context, string silo) =>
            {
                await Operations(context).RemoveAsync(silo, Flag(context, "force"), Seconds(context, "timeout")).ConfigureAwait(false);
                return Api.Ok(context, true, ApiJson.Context.ApiResponseBoolean);
            })
            .WithSummary("Remove a silo from the cluster (its process stops); refused while it holds replicas unless force=true")
            .Produces<ApiResponse<bool>>().WithMetadata(WriteOperation.Instance);
    }

    private static IClusterOperations Operations(HttpContext context)
        => context.RequestServices.GetService<IClusterOperations>()
            ?? throw StoreException.BadInput("Bad request: this server is not a cluster node (start it with `splade serve --cluster`); it has no peers.");

    private static TimeSpan Seconds(HttpContext context, string name)
    {
        if (!context.Request.Query.TryGetValue(name, out var values))
        {
            return TimeSpan.Zero;
        }

        return int.TryParse(values.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds <= MaxWaitSeconds
            ? TimeSpan.FromSeconds(seconds)
            : throw StoreException.BadInput($"Bad request: `{name}` must be a number of seconds from 0 to {MaxWaitSeconds}, got `{values}`.");
    }

    private static bool Flag(HttpContext context, string name)
    {
        if (!context.Request.Query.TryGetValue(name, out var values))
        {
            return false;
        }

        return values.ToString() switch
        {
            "true" => true,
            "false" => false,
            _ => throw StoreException.BadInput($"Bad request: `{name}` must be true or false, got `{values}`."),
        };
    }
}
