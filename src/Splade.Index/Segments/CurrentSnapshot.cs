namespace Splade.Index.Segments;

/// <summary>The snapshot reads see now: replaced atomically by the writer after each write, acquired by each read for its length.</summary>
/// <remarks>
/// Reads never wait: acquiring is a reference count taken on the current snapshot (retried in the rare case that the writer
/// replaces and releases it in between), and a replaced snapshot, with the segments only it still holds, is closed by whichever
/// of the writer and the last reader lets go of it last.
/// </remarks>
internal sealed class CurrentSnapshot : IDisposable
{
    private volatile IndexSnapshot _snapshot;
    private volatile bool _disposed;

    /// <summary>Starts with <paramref name="initial"/>, taking over its publisher's reference.</summary>
    public CurrentSnapshot(IndexSnapshot initial) => _snapshot = initial;

    /// <summary>The current snapshot, unretained: only its writer, which alone replaces it, may read it this way.</summary>
    public IndexSnapshot Unretained => _snapshot;

    /// <summary>Retains the current snapshot until the lease is disposed.</summary>
    /// <exception cref="ObjectDisposedException">The index has been disposed.</exception>
    public SnapshotLease Acquire()
    {
        while (true)
        {
            ObjectDisposedException.ThrowIf(_disposed, typeof(SparseIndex));
            var snapshot = _snapshot;
            if (snapshot.TryRetain())
            {
                return new SnapshotLease(snapshot);
            }
        }
    }

    /// <summary>Makes <paramref name="next"/> current (taking over its publisher's reference) and releases the previous one.</summary>
    public void Publish(IndexSnapshot next)
    {
        var previous = Interlocked.Exchange(ref _snapshot, next);
        previous.Release();
    }

    /// <summary>Refuses later reads and releases the current snapshot; reads in progress keep theirs until they finish.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _snapshot.Release();
    }
}
