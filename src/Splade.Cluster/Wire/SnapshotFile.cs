namespace Splade.Cluster.Wire;

/// <summary>One file of a <see cref="ReplicaSnapshot"/>: its path relative to the replica's folder and its length; small files and
/// files that are replaced in place later (<c>commit</c>, <c>config.json</c>) travel with the snapshot as they were when it was
/// taken, the others (immutable segment files) are read in chunks.</summary>
[GenerateSerializer]
[Immutable]
internal sealed class SnapshotFile
{
    [Id(0)]
    public required string Path { get; init; }

    [Id(1)]
    public long Length { get; init; }

    /// <summary>The file's bytes as of the snapshot, or null when they are read in chunks.</summary>
    [Id(2)]
    public byte[]? Contents { get; init; }
}
