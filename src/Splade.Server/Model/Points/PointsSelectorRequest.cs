using System.Text.Json.Nodes;
using Splade.Server.Model.Filters;
using Splade.Server.Storage;

namespace Splade.Server.Model.Points;

/// <summary>Which points an operation applies to: <c>{"points": [ids]}</c> or <c>{"filter": {...}}</c>.</summary>
internal sealed record PointsSelectorRequest
{
    public IReadOnlyList<PointId>? Points { get; init; }

    public Filter? Filter { get; init; }

    public JsonNode? ShardKey { get; init; }
}
