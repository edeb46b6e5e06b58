namespace Splade.Checkpoints.Hub;

/// <summary>A repository in the hub cache.</summary>
/// <param name="RepoId">org/name.</param>
/// <param name="Refs">Its cached revisions, as "branch -> commit".</param>
/// <param name="Bytes">The size of its blobs.</param>
/// <param name="License">The licence its model card declares, or null.</param>
/// <param name="Problem">Why its latest snapshot cannot be loaded (an interrupted pull), or null.</param>
/// <remarks>Thread safety: an immutable value; it may be shared between threads.</remarks>
public sealed record CachedModel(string RepoId, IReadOnlyList<string> Refs, long Bytes, string? License, string? Problem);
