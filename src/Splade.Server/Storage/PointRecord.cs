using System.Text.Json.Nodes;

namespace Splade.Server.Storage;

/// <summary>A point as read back: its id and version, and the payload and vectors the read selected.</summary>
/// <param name="Id">The point's id.</param>
/// <param name="Version">The number of the operation that last wrote it.</param>
/// <param name="Payload">The selected payload, or null when none was selected.</param>
/// <param name="Vectors">The selected vectors it has, or null when none were selected.</param>
internal sealed record PointRecord(PointId Id, long Version, JsonObject? Payload, IReadOnlyDictionary<string, VectorValue>? Vectors);
