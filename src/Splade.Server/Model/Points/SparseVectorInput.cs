namespace Splade.Server.Model.Points;

/// <summary>A sparse vector as sent (<c>{"indices": [...], "values": [...]}</c>), checked later: equal lengths, no repeated index;
/// unsorted indices are sorted, as Qdrant does.</summary>
/// <param name="Indices">The term indices.</param>
/// <param name="Values">Their weights.</param>
internal sealed record SparseVectorInput(uint[] Indices, float[] Values);
