namespace Splade.Server.Storage;

/// <summary>A collection's counts for its info.</summary>
/// <param name="Points">The number of points.</param>
/// <param name="Vectors">The number of stored vectors over every named vector.</param>
/// <param name="Segments">The number of sealed segments over every index of the collection.</param>
internal sealed record CollectionStatistics(int Points, long Vectors, int Segments);
