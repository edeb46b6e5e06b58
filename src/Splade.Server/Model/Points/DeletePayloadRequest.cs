using System.Text.Json.Nodes;
using Splade.Server.Model.Filters;
using Splade.Server.Storage;

namespace Splade.Server.Model.Points;

/// <summary>The body of the delete payload keys operation.</summary>
internal sealed record DeletePayloadRequest
{
    public IReadOnlyList<string>? Keys { get; init; }

    public IReadOnlyList<PointId>? Points { get; init; }

    public Filter? Filter { get; init; }

    public JsonNode? ShardKey { get; init; }
}
