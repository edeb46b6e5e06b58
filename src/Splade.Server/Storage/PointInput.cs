using System.Text.Json.Nodes;

namespace Splade.Server.Storage;

/// <summary>A point as written by an upsert, with its vectors already encoded.</summary>
/// <param name="Id">The point's id.</param>
/// <param name="Vectors">Its vectors by name (any subset of the collection's vectors).</param>
/// <param name="Payload">Its payload, or null.</param>
internal sealed record PointInput(PointId Id, IReadOnlyDictionary<string, VectorValue> Vectors, JsonObject? Payload);
