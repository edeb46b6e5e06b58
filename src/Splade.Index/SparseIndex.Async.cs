using Splade.Core;

namespace Splade.Index;

public sealed partial class SparseIndex
{
    /// <summary>Runs <see cref="Upsert(IEnumerable{IndexDocument})"/> on the thread pool: the batch is validated, logged, fsync'ed and
    /// applied without blocking the caller's thread.</summary>
    /// <remarks>Cancellation is honoured until the write starts; a started batch is one logged operation and completes (it is
    /// never half-applied). Writes are serialized with every other write of the index.</remarks>
    /// <exception cref="ArgumentException">A document is invalid, or two share an id; nothing is written.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled before the write started.</exception>
    public Task UpsertAsync(IEnumerable<IndexDocument> documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        return Task.Run(() => Upsert(documents), cancellationToken);
    }

    /// <summary>Runs <see cref="Delete(IEnumerable{string})"/> on the thread pool; cancellation as for <see cref="UpsertAsync"/>.</summary>
    /// <returns>The number of documents deleted.</returns>
    public Task<int> DeleteAsync(IEnumerable<string> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return Task.Run(() => Delete(ids), cancellationToken);
    }

    /// <summary>Runs <see cref="Flush"/> (segment files written and fsync'ed, one commit) on the thread pool; cancellation is
    /// honoured until the flush starts, and a started flush completes.</summary>
    public Task FlushAsync(CancellationToken cancellationToken = default) => Task.Run(Flush, cancellationToken);

    /// <summary><see cref="Search"/> with cancellation, for callers that pass a request's token along.</summary>
    /// <remarks>The search runs on the calling thread (it is CPU-bound, reads memory-mapped files and never waits for a write);
    /// the token is checked before it starts, not inside its loops, so one search is never interrupted halfway.</remarks>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled before the search started.</exception>
    public Task<SearchResults> SearchAsync(SparseVector query, SearchOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<SearchResults>(cancellationToken);
        }

        try
        {
            return Task.FromResult(Search(query, options));
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            return Task.FromException<SearchResults>(error);
        }
    }
}
