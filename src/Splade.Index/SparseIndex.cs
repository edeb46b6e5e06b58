using Splade.Index.Segments;
using Splade.Index.Storage;
using Splade.Index.Writing;

namespace Splade.Index;

/// <summary>A collection of documents (id, sparse vector, optional metadata, text and dense vector) searched exactly by dot product.</summary>
/// <remarks>
/// <para>
/// The index keeps an inverted index (term to postings of document and weight) for fast top-k search and a forward index (document to
/// its vector) for exact scoring, merging and brute-force checks. Documents live in immutable segments; an upsert or delete is first
/// appended to a write-ahead log (flushed to stable storage unless <see cref="IndexOptions.Durable"/> is off), then applied to an
/// in-memory buffer. <see cref="Flush"/> seals the buffer into segment files and atomically replaces the commit file; merges combine
/// small segments and drop deleted documents.
/// </para>
/// <para>
/// Searches read an immutable snapshot swapped in atomically after each write, so they run concurrently with writers and each sees one
/// consistent state. Results are exact and identical to a brute-force scan: highest dot product first, equal scores in insertion order
/// (an upsert that replaces a document counts as a new insertion). Only documents sharing at least one term with the query are hits.
/// </para>
/// <para>The file layout is specified in docs/FORMAT.md. Every file carries a checksum; a damaged file raises <see cref="IndexCorruptedException"/>.</para>
/// </remarks>
public sealed partial class SparseIndex : IDisposable
{
    private readonly IIndexDirectory _directory;
    private readonly bool _ownsDirectory;
    private readonly IndexOptions _options;
    private readonly WriteAheadLog? _log;
    private readonly Lock _writeLock = new();
    private readonly ReaderWriterLockSlim _readerGate = new(LockRecursionPolicy.SupportsRecursion);
    // Written under _writeLock; read without it by Get, inside the reader gate that keeps retired segments open.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, DocumentAddress> _ids = new(StringComparer.Ordinal);
    private volatile IndexSnapshot _snapshot = IndexSnapshot.Empty;
    private long _nextSequence;
    private long _nextOperation = 1;
    private long _appliedOperation;
    private long _generation;
    private int _nextSegmentId = 1;
    private int _denseDimension;
    private DensePrecision _densePrecision;
    private volatile ApproximateSettings? _approximate;
    private Task _backgroundMerge = Task.CompletedTask;
    private bool _disposed;

    private SparseIndex(IIndexDirectory directory, bool ownsDirectory, IndexOptions options, bool useLog)
    {
        _directory = directory;
        _ownsDirectory = ownsDirectory;
        _options = options;
        try
        {
            Recover(useLog, out _log);
        }
        catch
        {
            DisposeSegments(_snapshot.Segments);
            if (ownsDirectory)
            {
                directory.Dispose();
            }

            throw;
        }
    }

    /// <summary>Creates an empty index held in memory only.</summary>
    public static SparseIndex CreateInMemory(IndexOptions? options = null)
        => new(new RamDirectory(), ownsDirectory: true, options ?? new IndexOptions(), useLog: false);

    /// <summary>Opens the index in <paramref name="directory"/>, creating the folder and an empty index when absent.</summary>
    /// <remarks>Opening replays the write-ahead log, so every write acknowledged before a crash is present, and removes files a crash left
    /// half-written.</remarks>
    /// <exception cref="IndexCorruptedException">A file of the index is damaged; the message names it.</exception>
    public static SparseIndex Open(string directory, IndexOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        return new SparseIndex(new FileSystemDirectory(directory), ownsDirectory: true, options ?? new IndexOptions(), useLog: true);
    }

    /// <summary>Opens an index on any directory implementation; tests use it to run the engine on the in-memory directory.</summary>
    internal static SparseIndex Open(IIndexDirectory directory, IndexOptions? options = null, bool ownsDirectory = false)
        => new(directory, ownsDirectory, options ?? new IndexOptions(), useLog: true);

    /// <summary>The number of live documents.</summary>
    public int Count => _snapshot.LiveCount;

    /// <summary>The dimension of the documents' dense vectors, or 0 while no document has one.</summary>
    public int DenseDimension => _snapshot.DenseDimension;

    /// <summary>How the index stores dense vectors (<see cref="IndexOptions.DensePrecision"/>), fixed when it was created.</summary>
    public DensePrecision DensePrecision => _densePrecision;

    /// <summary>Returns the document stored under <paramref name="id"/>, or null when there is none.</summary>
    /// <remarks>
    /// <para>With <see cref="Index.DensePrecision.Int8"/> storage its dense vector is the decoded form (scale × code), not the float32 input.</para>
    /// <para>Like search, a read never waits for a write, a flush or a merge: it sees the document as of the last completed write.</para>
    /// </remarks>
    public IndexDocument? Get(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        _readerGate.EnterReadLock();
        try
        {
            ThrowIfDisposed();
            return _ids.TryGetValue(id, out var address) ? DocumentReader.Read(address.Segment, address.Ordinal) : null;
        }
        finally
        {
            _readerGate.ExitReadLock();
        }
    }

    /// <summary>The ids of every live document, in no particular order, as of the last completed write.</summary>
    public IReadOnlyList<string> GetIds()
    {
        var ids = new List<string>();
        _readerGate.EnterReadLock();
        try
        {
            ThrowIfDisposed();
            var snapshot = _snapshot;
            ids.EnsureCapacity(snapshot.LiveCount);
            foreach (var view in snapshot.Segments)
            {
                for (var ordinal = 0; ordinal < view.Segment.DocumentCount; ordinal++)
                {
                    if (view.Live.IsLive(ordinal))
                    {
                        ids.Add(view.Segment.GetId(ordinal));
                    }
                }
            }
        }
        finally
        {
            _readerGate.ExitReadLock();
        }

        return ids;
    }

    /// <summary>Summarises the index's contents and storage.</summary>
    public IndexStatistics GetStatistics()
    {
        var snapshot = _snapshot;
        int documents = 0, deleted = 0, segments = 0, buffered = 0, approximateSegments = 0;
        long terms = 0, postings = 0, bytes = 0;
        foreach (var view in snapshot.Segments)
        {
            documents += view.Live.LiveCount;
            deleted += view.Segment.DocumentCount - view.Live.LiveCount;
            if (view.Persisted)
            {
                segments++;
                approximateSegments += view.Segment.Approximate is null ? 0 : 1;
                terms += view.Segment.TermCount;
                postings += view.Segment.PostingCount;
                bytes += view.Segment.SizeInBytes;
            }
            else
            {
                buffered += view.Live.LiveCount;
            }
        }

        return new IndexStatistics
        {
            Documents = documents,
            DeletedDocuments = deleted,
            Segments = segments,
            BufferedDocuments = buffered,
            Terms = terms,
            Postings = postings,
            SegmentBytes = bytes,
            DenseDimension = snapshot.DenseDimension,
            DensePrecision = _densePrecision,
            ApproximateSegments = approximateSegments,
            Approximate = _approximate?.Build,
            ApproximateSearch = _approximate?.Tuned,
            ApproximateTunedRecall = _approximate?.TunedRecall,
        };
    }

    /// <summary>Waits for a background merge, then releases the index's files. Unflushed writes stay in the write-ahead log.</summary>
    public void Dispose()
    {
        Task merge;
        lock (_writeLock)
        {
            if (_disposed)
            {
                return;
            }

            merge = _backgroundMerge;
        }

        merge.Wait();
        lock (_writeLock)
        {
            _disposed = true;
            _readerGate.EnterWriteLock();
            try
            {
                DisposeSegments(_snapshot.Segments);
                _snapshot = IndexSnapshot.Empty;
            }
            finally
            {
                _readerGate.ExitWriteLock();
            }

            _log?.Dispose();
            if (_ownsDirectory)
            {
                _directory.Dispose();
            }
        }

        _readerGate.Dispose();
    }

    private static void DisposeSegments(IEnumerable<SegmentView> views)
    {
        foreach (var view in views)
        {
            view.Segment.Dispose();
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
