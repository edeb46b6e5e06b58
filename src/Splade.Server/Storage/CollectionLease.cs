namespace Splade.Server.Storage;

/// <summary>A collection in use by one request: deleting the collection waits until every lease is disposed.</summary>
internal sealed class CollectionLease : IDisposable
{
    private Collection? _collection;

    public CollectionLease(Collection collection) => _collection = collection;

    public Collection Collection => _collection ?? throw new ObjectDisposedException(nameof(CollectionLease));

    public void Dispose() => Interlocked.Exchange(ref _collection, null)?.Exit();
}
