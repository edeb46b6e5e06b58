namespace Splade.Index.Segments;

/// <summary>A reference on one snapshot, held for the length of one read and given back on <see cref="Dispose"/>.</summary>
internal readonly struct SnapshotLease(IndexSnapshot snapshot) : IDisposable
{
    public IndexSnapshot Snapshot { get; } = snapshot;

    public void Dispose() => Snapshot.Release();
}
