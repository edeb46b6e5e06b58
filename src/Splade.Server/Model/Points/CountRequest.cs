using System.Text.Json.Nodes;
using Splade.Server.Model.Filters;

namespace Splade.Server.Model.Points;

/// <summary>The body of <c>POST /collections/{name}/points/count</c>.</summary>
internal sealed record CountRequest
{
    public Filter? Filter { get; init; }

    /// <summary>Counts are always exact; false is accepted and gives the exact count too.</summary>
    public bool? Exact { get; init; }

    public JsonNode? ShardKey { get; init; }
}
