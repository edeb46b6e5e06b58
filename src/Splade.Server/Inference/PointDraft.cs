using System.Text.Json.Nodes;
using Splade.Server.Model.Points;
using Splade.Server.Storage;

namespace Splade.Server.Inference;

/// <summary>A point to write as the request gave it: its vectors by name may still be documents to encode.</summary>
/// <param name="Id">The point's id.</param>
/// <param name="Vectors">Its vectors by name.</param>
/// <param name="Payload">Its payload.</param>
internal sealed record PointDraft(PointId Id, IReadOnlyDictionary<string, VectorInput> Vectors, JsonObject? Payload);
