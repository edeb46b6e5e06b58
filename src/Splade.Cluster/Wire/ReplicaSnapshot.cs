namespace Splade.Cluster.Wire;

/// <summary>A copy of a shard replica's files taken by its primary at one sequence number: the writes up to
/// <see cref="Sequence"/> are in these files, and every later write is forwarded to the replica being built. The files stay on the
/// primary's disk (pinned, so that no merge deletes them) until the copy is released.</summary>
[GenerateSerializer]
[Immutable]
internal sealed class ReplicaSnapshot
{
    /// <summary>Names the pinned copy in later reads.</summary>
    [Id(0)]
    public Guid Id { get; init; }

    /// <summary>The shard's term when the copy was taken.</summary>
    [Id(1)]
    public long Term { get; init; }

    /// <summary>The sequence number of the last write the files hold.</summary>
    [Id(2)]
    public long Sequence { get; init; }

    [Id(3)]
    public required IReadOnlyList<SnapshotFile> Files { get; init; }
}
