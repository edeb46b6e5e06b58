using System.Text.Json.Nodes;
using Splade.Server.Model.Filters;

namespace Splade.Server.Model.Points;

/// <summary>The body of <c>PUT /collections/{name}/points</c>: a list of points or a batch.</summary>
internal sealed record UpsertRequest
{
    public IReadOnlyList<PointStruct>? Points { get; init; }

    public PointsBatch? Batch { get; init; }

    /// <summary>Only existing points matching it are replaced; new points are inserted regardless.</summary>
    public Filter? UpdateFilter { get; init; }

    /// <summary><c>upsert</c> (default), <c>insert_only</c> or <c>update_only</c>.</summary>
    public string? UpdateMode { get; init; }

    public JsonNode? ShardKey { get; init; }
}
