using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Splade.Server.Storage;

namespace Splade.Server.Model.Points;

/// <summary>The result of a write: its operation number, and whether it was waited for (<c>completed</c>) or not
/// (<c>acknowledged</c>; Splade.NET makes every acknowledged write durable before answering either way).</summary>
/// <param name="OperationId">The operation number.</param>
/// <param name="Status"><c>completed</c> or <c>acknowledged</c>.</param>
internal sealed record UpdateResult(long OperationId, string Status);

/// <summary>A point as retrieve and scroll return it.</summary>
internal sealed record PointOutput
{
    public required PointId Id { get; init; }

    public JsonObject? Payload { get; init; }

    /// <summary>An array for a collection with only the unnamed dense vector, else a map by vector name.</summary>
    public JsonNode? Vector { get; init; }
}

/// <summary>A scored point as query and search return it.</summary>
internal sealed record ScoredPointOutput
{
    public required PointId Id { get; init; }

    public long Version { get; init; }

    public float Score { get; init; }

    public JsonObject? Payload { get; init; }

    public JsonNode? Vector { get; init; }

    /// <summary>Splade.NET's extension, with <c>"explain": true</c>.</summary>
    public HitExplanation? Explanation { get; init; }
}

/// <summary>A page of scroll results.</summary>
/// <param name="Points">The points.</param>
/// <param name="NextPageOffset">Where the next page starts, or null at the end.</param>
internal sealed record ScrollResult(
    IReadOnlyList<PointOutput> Points,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] PointId? NextPageOffset);

/// <summary>The result of a count.</summary>
/// <param name="Count">The number of points.</param>
internal sealed record CountResult(long Count);
