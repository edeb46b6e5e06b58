using System.Text.Json.Nodes;

namespace Splade.Server.Storage;

/// <summary>A query result: the point, its score, and what the query selected.</summary>
/// <param name="Id">The point's id.</param>
/// <param name="Version">The number of the operation that last wrote it.</param>
/// <param name="Score">Its score at the top level of the query.</param>
/// <param name="Payload">The selected payload, or null.</param>
/// <param name="Vectors">The selected vectors, or null.</param>
internal sealed record ScoredResult(PointId Id, long Version, float Score, JsonObject? Payload, IReadOnlyDictionary<string, VectorValue>? Vectors)
{
    /// <summary>Why it scored as it did, when asked.</summary>
    public HitExplanation? Explanation { get; init; }
}
