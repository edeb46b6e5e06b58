using Splade.Core;
using Splade.Index.Approximate;
using Splade.Index.Search;
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
/// <para>
/// Processes: an index folder has at most one writer at a time (<see cref="Open(string, IndexOptions?)"/> and
/// <see cref="Build(string, IEnumerable{IndexDocument}, IndexBuildOptions?, IProgress{int}?)"/> hold an operating-system lock until
/// disposed), and any number of readers (<see cref="OpenReadOnly(string, IndexOptions?)"/>), which write nothing and see the last
/// commit (with the writes logged after it) as of their open. docs/INDEX.md, "Concurrency", describes the model.
/// </para>
/// <para>Thread safety: every member may be called from any thread. Writes are serialized by one writer; reads never wait for them.</para>
/// </remarks>
public sealed partial class SparseIndex : IDisposable
{
    private readonly IIndexDirectory _directory;
    private readonly bool _ownsDirectory;
    private readonly IndexOptions _options;
    private readonly IndexWriter _writer;

    private SparseIndex(
        IIndexDirectory directory, bool ownsDirectory, IndexOptions options, bool useLog, OpenMode mode = OpenMode.Write,
        CancellationToken cancellationToken = default)
    {
        _directory = directory;
        _ownsDirectory = ownsDirectory;
        _options = options;
        try
        {
            ValidateOptions(options);
            _writer = IndexWriter.Open(directory, options, useLog, mode, cancellationToken);
        }
        catch
        {
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

    /// <summary>Opens the index in <paramref name="directory"/> as its one writer, creating the folder and an empty index when absent.</summary>
    /// <remarks>
    /// <para>The index stays locked for writing until disposed: another writer, in this process or another, gets
    /// <see cref="IndexLockedException"/> naming this one (or waits, per <see cref="IndexOptions.WriterLockTimeout"/>). Readers
    /// (<see cref="OpenReadOnly(string, IndexOptions?)"/>) are never blocked.</para>
    /// <para>Opening replays the write-ahead log, so every write acknowledged before a crash is present (<see cref="Recovery"/> says
    /// what was replayed, and what was dropped), and removes files no commit lists once no reader is opening them.</para>
    /// </remarks>
    /// <exception cref="IndexCorruptedException">A file of the index is damaged or missing (a folder with segment files but no
    /// commit, a damaged or lost write-ahead log); the message names it.</exception>
    /// <exception cref="IndexLockedException">Another writer has the index open.</exception>
    /// <exception cref="IndexNotFoundException">The folder holds an index whose build has not finished.</exception>
    public static SparseIndex Open(string directory, IndexOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        return new SparseIndex(new FileSystemDirectory(directory), ownsDirectory: true, options ?? new IndexOptions(), useLog: true);
    }

    /// <summary>Opens the index in <paramref name="directory"/> for reading only: searches, reads by id and statistics.</summary>
    /// <remarks>
    /// <para>Nothing in the folder is created, changed or deleted, so a read-only folder (or one a writer owns) opens. The index is
    /// the last commit plus the write-ahead log's acknowledged writes after it, as of the open: a writer working beside it in
    /// another process never leaves it a half-written state, and the files it opened stay readable however the writer merges and
    /// cleans up afterwards. Open again to see later writes. Every change throws <see cref="InvalidOperationException"/>.</para>
    /// <para>The only waits are while a writer deletes files (it holds the folder's reading gate for that alone).</para>
    /// </remarks>
    /// <exception cref="IndexNotFoundException">The folder does not exist, holds no index, or holds one whose build has not finished.</exception>
    /// <exception cref="IndexCorruptedException">A file of the index is damaged or missing; the message names it.</exception>
    public static SparseIndex OpenReadOnly(string directory, IndexOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        return new SparseIndex(
            new FileSystemDirectory(directory, readOnly: true), ownsDirectory: true, options ?? new IndexOptions(), useLog: true, OpenMode.ReadOnly);
    }

    /// <summary>Builds a new index in <paramref name="directory"/> from <paramref name="documents"/>, all or nothing, and returns it
    /// open as its writer.</summary>
    /// <remarks>
    /// <para>The documents go straight into segment files (<see cref="BulkLoad"/>); with <see cref="IndexOptions.Approximate"/> set, the
    /// approximate query knobs are then tuned on the collection itself for <see cref="IndexBuildOptions.TargetRecall"/>
    /// (<see cref="GetStatistics"/> reports the estimated recall). Until the build has finished, the folder's commit says it is
    /// being built: it opens for nobody, and the next build in the folder replaces it. A build that fails removes what it wrote,
    /// and one whose process is killed leaves files that the next build removes, so nothing blocks building again.</para>
    /// <para>The folder may be absent, empty, or hold an unfinished build; one that holds an index or other files is refused.</para>
    /// </remarks>
    /// <exception cref="IOException">The folder holds an index or other files.</exception>
    /// <exception cref="IndexLockedException">Another writer (another build) has the folder open.</exception>
    /// <exception cref="ArgumentException">A document is invalid or repeats an id; nothing is left in the folder.</exception>
    public static SparseIndex Build(
        string directory, IEnumerable<IndexDocument> documents, IndexBuildOptions? options = null, IProgress<int>? progress = null)
        => Build(directory, documents, options, progress, CancellationToken.None);

    /// <summary>Opens an index on any directory implementation; tests use it to run the engine on the in-memory directory.</summary>
    internal static SparseIndex Open(IIndexDirectory directory, IndexOptions? options = null, bool ownsDirectory = false)
        => new(directory, ownsDirectory, options ?? new IndexOptions(), useLog: true);

    /// <summary>Opens an index read-only on any directory implementation (tests).</summary>
    internal static SparseIndex OpenReadOnly(IIndexDirectory directory, IndexOptions? options = null)
        => new(directory, ownsDirectory: false, options ?? new IndexOptions(), useLog: true, OpenMode.ReadOnly);

    /// <summary>Whether the index was opened read-only (<see cref="OpenReadOnly(string, IndexOptions?)"/>): every change throws.</summary>
    public bool IsReadOnly => _writer.IsReadOnly;

    /// <summary>What opening the index found and did: the commit generation, the logged writes replayed, and anything dropped.</summary>
    public IndexRecovery Recovery => _writer.Recovery;

    /// <summary>The writer behind the facade (tests drive its internals).</summary>
    internal IndexWriter Writer => _writer;

    /// <summary>The number of live documents.</summary>
    public int Count => Read(static searcher => searcher.Snapshot.LiveCount);

    /// <summary>The dimension of the documents' dense vectors, or 0 while no document has one.</summary>
    public int DenseDimension => Read(static searcher => searcher.Snapshot.DenseDimension);

    /// <summary>How the index stores dense vectors (<see cref="IndexOptions.DensePrecision"/>), fixed when it was created.</summary>
    public DensePrecision DensePrecision => Read(static searcher => searcher.Snapshot.DensePrecision);

    /// <summary>Returns the document stored under <paramref name="id"/>, or null when there is none.</summary>
    /// <remarks>
    /// <para>With <see cref="Index.DensePrecision.Int8"/> storage its dense vector is the decoded form (scale × code), not the float32 input.</para>
    /// <para>Like search, a read never waits for a write, a flush or a merge: it sees the document as of the last completed write.</para>
    /// </remarks>
    public IndexDocument? Get(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return _writer.Ids.Read(id);
    }

    /// <summary>The ids of every live document, in no particular order, as of the last completed write.</summary>
    public IReadOnlyList<string> GetIds() => Read(static searcher => searcher.GetIds());

    /// <summary>Summarises the index's contents and storage.</summary>
    public IndexStatistics GetStatistics() => Read(static searcher => searcher.Statistics());

    /// <summary>Returns the <see cref="SearchOptions.K"/> documents with the highest dot product with <paramref name="query"/>.</summary>
    /// <remarks>
    /// Every algorithm except <see cref="SearchAlgorithm.Approximate"/> is exact and returns the same hits as a brute-force scan.
    /// Approximate search (the <see cref="SearchAlgorithm.Auto"/> choice when every sealed segment has an approximate index) returns
    /// exact scores for the documents it finds; when it finds fewer than k with a positive score, the query is answered exactly instead,
    /// so a query that k documents match (filter included) always gets k hits, and <see cref="SearchResults.Algorithm"/> then reports
    /// the exact algorithm (<see cref="SearchAlgorithm.TermAtATime"/>).
    /// </remarks>
    /// <exception cref="ArgumentException">The query is empty, or k is outside 1..<see cref="SearchOptions.MaxK"/>.</exception>
    public SearchResults Search(SparseVector query, SearchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        options ??= new SearchOptions();
        ValidateK(options.K);
        if (query.Count == 0)
        {
            throw new ArgumentException("The query vector is empty; it needs at least one non-zero term.", nameof(query));
        }

        using var lease = _writer.Snapshots.Acquire();
        return new IndexSearcher(lease.Snapshot, _options).Search(query, options);
    }

    /// <summary>
    /// <see cref="Search"/> without building hits: the kept candidates, best first, as segment positions and ordinals. For benchmarks
    /// that compare the exact scorers with search paths that return ordinals; the query and options are not validated.
    /// </summary>
    internal ScoredOrdinal[] SearchCandidates(SparseVector query, SearchOptions options)
    {
        using var lease = _writer.Snapshots.Acquire();
        return new IndexSearcher(lease.Snapshot, _options).Collect(query, options).Collector.ToSortedArray();
    }

    /// <summary>Returns the <see cref="SearchOptions.K"/> documents whose dense vectors have the highest inner product with <paramref name="query"/>.</summary>
    /// <remarks>
    /// An exact scan (reported as <see cref="SearchAlgorithm.BruteForce"/>) over the documents that have a dense vector; deletions and
    /// filters apply as for sparse search. With <see cref="DensePrecision.Int8"/> storage the query stays float32 and each score is
    /// scale × dot(query, codes): exact for the decoded vectors, and within scale / 2 × ‖query‖₁ of the float32 score.
    /// </remarks>
    /// <exception cref="ArgumentException">The query's length differs from <see cref="DenseDimension"/>, holds NaN or infinity, or k is out
    /// of range.</exception>
    public SearchResults SearchDense(ReadOnlySpan<float> query, SearchOptions? options = null)
    {
        options ??= new SearchOptions();
        ValidateK(options.K);
        DocumentValidator.ValidateDense(query, "The dense query");
        using var lease = _writer.Snapshots.Acquire();
        return new IndexSearcher(lease.Snapshot, _options).SearchDense(query, options);
    }

    /// <summary>For each of <paramref name="terms"/>, the number of live documents whose sparse vector has a non-zero weight for it.</summary>
    /// <remarks>
    /// Exact as of the last completed write: deleted and replaced documents are not counted, even before a merge reclaims them. The
    /// cost is that of reading the terms' postings once (a segment without deletions answers from its posting counts alone). Callers
    /// compute an inverse document frequency from it and <see cref="Count"/>, as BM25 does.
    /// </remarks>
    public long[] DocumentFrequencies(ReadOnlySpan<uint> terms)
    {
        using var lease = _writer.Snapshots.Acquire();
        return new IndexSearcher(lease.Snapshot, _options).DocumentFrequencies(terms);
    }

    /// <summary>
    /// Tunes the approximate query knobs for <paramref name="targetRecall"/> on <paramref name="sampleQueries"/>, keeps them in the index
    /// (later searches and opens use them) and returns them with the recall the whole engine measured with them.
    /// </summary>
    /// <param name="sampleQueries">Queries like the expected workload (documents of the collection serve when no queries are at hand).</param>
    /// <param name="targetRecall">The mean recall@k to reach, in (0, 1].</param>
    /// <param name="k">The number of results the recall is measured at.</param>
    /// <returns>The chosen knobs; <see cref="ApproximateTuningResult.Recall"/> is the engine's mean recall@k against exact search on the sample.</returns>
    /// <remarks>
    /// Flushes first, so every document is in a sealed segment. Each segment's approximate index is tuned on its own; the engine keeps
    /// the most careful of the segments' knobs (the most query terms, and the latest stop: the largest heap factor, or zero), then
    /// measures them end to end, stepping to more careful knobs while the recall is below the target. When even the most careful
    /// knobs miss it, searches that leave the algorithm to the index run exactly (<see cref="ApproximateTuningResult.SearchesExactly"/>,
    /// <see cref="IndexStatistics.ApproximateSearchesExactly"/>). Run it after <see cref="Merge"/> to tune the one segment searches
    /// will see. <see cref="Build(string, IEnumerable{IndexDocument}, IndexBuildOptions?, IProgress{int}?)"/> tunes by itself, on
    /// documents held out of their own results, and also searches exactly when approximate search is not faster.
    /// </remarks>
    /// <exception cref="InvalidOperationException">The index builds no approximate indexes, or no sealed segment has one yet.</exception>
    public ApproximateTuningResult TuneApproximate(IReadOnlyList<SparseVector> sampleQueries, double targetRecall, int k = 10)
    {
        ArgumentNullException.ThrowIfNull(sampleQueries);
        ValidateK(k);
        if (!(targetRecall > 0d && targetRecall <= 1d))
        {
            throw new ArgumentOutOfRangeException(nameof(targetRecall), targetRecall, "The target recall must be in (0, 1].");
        }

        if (sampleQueries.Count == 0 || sampleQueries.Any(static query => query is null || query.Count == 0))
        {
            throw new ArgumentException("Tuning needs at least one sample query, and every sample query needs a non-zero term.", nameof(sampleQueries));
        }

        return ApproximateTuner.Tune(_writer, _options, sampleQueries, heldOut: null, targetRecall, k, requireFaster: false);
    }

    /// <summary>Waits for a background merge, then releases the index's files. Unflushed writes stay in the write-ahead log.</summary>
    /// <remarks>Reads already running finish on the files they hold; later calls throw <see cref="ObjectDisposedException"/>.</remarks>
    public void Dispose()
    {
        _writer.Dispose();
        if (_ownsDirectory)
        {
            _directory.Dispose();
        }
    }

    private static void ValidateOptions(IndexOptions options)
    {
        if (options.WriterLockTimeout < TimeSpan.Zero && options.WriterLockTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options), options.WriterLockTimeout, "WriterLockTimeout must be zero or more, or Timeout.InfiniteTimeSpan.");
        }
    }

    private static void ValidateK(int k)
    {
        if (k is < 1 or > SearchOptions.MaxK)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be between 1 and {SearchOptions.MaxK}.");
        }
    }

    private T Read<T>(Func<IndexSearcher, T> read)
    {
        using var lease = _writer.Snapshots.Acquire();
        return read(new IndexSearcher(lease.Snapshot, _options));
    }
}
