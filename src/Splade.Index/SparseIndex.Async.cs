using Splade.Core;

namespace Splade.Index;

/// <summary>The asynchronous, cancellable forms of the index's writes and searches.</summary>
/// <remarks>
/// <para>Each runs its synchronous counterpart on the thread pool, so a caller on a request or UI thread never blocks on a search,
/// an fsync or a segment write. Cancellation is honoured where stopping leaves nothing half-done: before the work starts, and while
/// a batch of documents is being read and validated (nothing has been written yet, so a cancelled upsert or bulk load writes nothing).
/// Once a write has started it runs to its end (a write is atomic: all or nothing), and a search that has started finishes;
/// searches are short, and cancelling inside their hot loops would cost every search.</para>
/// </remarks>
public sealed partial class SparseIndex
{
    /// <summary>Adds a batch of documents atomically, as <see cref="Upsert(IEnumerable{IndexDocument})"/> does, off the caller's thread.</summary>
    /// <param name="documents">The documents, each id at most once.</param>
    /// <param name="cancellationToken">Stops the call before it writes: while it has not started, and between documents while the batch
    /// is read and validated. A cancelled call writes nothing.</param>
    /// <exception cref="ArgumentException">A document is invalid, or two share an id; nothing is written.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled before the write began; nothing is written.</exception>
    public Task UpsertAsync(IEnumerable<IndexDocument> documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        return Task.Run(() => Upsert(Cancellable(documents, cancellationToken)), cancellationToken);
    }

    /// <summary>Deletes documents by id atomically, as <see cref="Delete(IEnumerable{string})"/> does, off the caller's thread.</summary>
    /// <param name="ids">The ids to delete; unknown ids are ignored.</param>
    /// <param name="cancellationToken">Stops the call if it has not started; a delete that has started completes.</param>
    /// <returns>The number of documents deleted.</returns>
    /// <exception cref="OperationCanceledException">The token was cancelled before the delete began.</exception>
    public Task<int> DeleteAsync(IEnumerable<string> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return Task.Run(() => Delete(ids), cancellationToken);
    }

    /// <summary>Seals the in-memory buffer into a segment and commits, as <see cref="Flush"/> does, off the caller's thread.</summary>
    /// <param name="cancellationToken">Stops the call if it has not started; a flush that has started completes.</param>
    /// <exception cref="OperationCanceledException">The token was cancelled before the flush began.</exception>
    public Task FlushAsync(CancellationToken cancellationToken = default) => Task.Run(Flush, cancellationToken);

    /// <summary>Adds many documents in one all-or-nothing step, as <see cref="BulkLoad"/> does, off the caller's thread.</summary>
    /// <param name="documents">The documents, each id at most once; enumerated once.</param>
    /// <param name="progress">Receives the number of documents read so far.</param>
    /// <param name="cancellationToken">Stops the load between documents; the index is then unchanged and the segment files written
    /// so far are removed, as for any failed load.</param>
    /// <returns>The number of documents loaded.</returns>
    /// <exception cref="ArgumentException">A document is invalid or repeats an id; nothing is written.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled; the index is unchanged.</exception>
    public Task<int> BulkLoadAsync(IEnumerable<IndexDocument> documents, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        return Task.Run(() => BulkLoad(Cancellable(documents, cancellationToken), progress), cancellationToken);
    }

    /// <summary>Returns the best hits for <paramref name="query"/>, as <see cref="Search(SparseVector, SearchOptions?)"/> does, off the
    /// caller's thread.</summary>
    /// <param name="query">The sparse query vector.</param>
    /// <param name="options">k, filter, algorithm; null for the defaults.</param>
    /// <param name="cancellationToken">Stops the call if the search has not started; a search that has started completes.</param>
    /// <exception cref="ArgumentException">The query is empty, or k is out of range.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled before the search began.</exception>
    public Task<SearchResults> SearchAsync(SparseVector query, SearchOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Task.Run(() => Search(query, options), cancellationToken);
    }

    /// <summary>Returns the best dense hits for <paramref name="query"/>, as <see cref="SearchDense"/> does, off the caller's thread.</summary>
    /// <param name="query">The dense query vector, of <see cref="DenseDimension"/> values; not changed, and read after the call returns.</param>
    /// <param name="options">k, filter; null for the defaults.</param>
    /// <param name="cancellationToken">Stops the call if the search has not started; a search that has started completes.</param>
    /// <exception cref="ArgumentException">The query's length differs from <see cref="DenseDimension"/> or k is out of range.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled before the search began.</exception>
    public Task<SearchResults> SearchDenseAsync(ReadOnlyMemory<float> query, SearchOptions? options = null, CancellationToken cancellationToken = default)
        => Task.Run(() => SearchDense(query.Span, options), cancellationToken);

    private static IEnumerable<IndexDocument> Cancellable(IEnumerable<IndexDocument> documents, CancellationToken cancellationToken)
    {
        foreach (var document in documents)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return document;
        }

        cancellationToken.ThrowIfCancellationRequested();
    }
}
