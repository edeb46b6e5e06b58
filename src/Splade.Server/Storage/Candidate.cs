using System.Text.Json.Nodes;

namespace Splade.Server.Storage;

/// <summary>A point found by one query level, with its score and the metadata the index returned with it.</summary>
/// <param name="Id">The point.</param>
/// <param name="Score">Its score at that level.</param>
/// <param name="Metadata">Its stored metadata (<see cref="PointEnvelope"/>).</param>
internal sealed record Candidate(PointId Id, float Score, JsonObject? Metadata);
