using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Splade.Index.Segments;
using Splade.Index.Storage;

namespace Splade.Index.Writing;

/// <summary>The one writer of an index: the write lock, the write-ahead log, the in-memory buffer, flushes, merges and commits.</summary>
/// <remarks>
/// <para>
/// A writer holds its folder's writer lock (<see cref="WriterLock"/>) from open to dispose, so one process at a time writes an index.
/// Opened read-only (<see cref="OpenMode.ReadOnly"/>) it takes no lock and changes nothing on disk: it loads the last commit and
/// replays the log in memory, and every change is refused.
/// </para>
/// <para>
/// Every change runs under one lock (<see cref="Lock"/>, never entered twice by one thread: public methods take it, private ones
/// named <c>...Locked</c> expect it). A change is logged (unless the caller keeps its own log), applied to the segments as new
/// immutable views, and published as a new <see cref="IndexSnapshot"/> through <see cref="Snapshots"/>; readers never take the lock.
/// </para>
/// <para>
/// The writer owns one reference on each segment of its views; it gives it back when a flush, a merge or a compaction of the
/// buffer drops the segment, and the segment closes once the snapshots that still list it are released.
/// </para>
/// </remarks>
internal sealed partial class IndexWriter : IDisposable
{
    private readonly IIndexDirectory _directory;
    private readonly IndexOptions _options;
    private readonly Lock _lock = new();
    private readonly bool _readOnly;
    private readonly List<string> _dropped = [];
    private IDisposable? _writerLock;
    private WriteAheadLog? _log;
    /// <summary>Whether commits say the index keeps a write-ahead log (so that a lost log is reported).</summary>
    private bool _keepsLog;
    /// <summary>Whether commits say the index is still being built (<see cref="OpenMode.Build"/> until <see cref="FinishBuild"/>).</summary>
    private bool _building;
    /// <summary>The last log operation the persisted segments include: what a commit may claim, even while later operations are
    /// buffered (a background merge commits without flushing them).</summary>
    private long _flushedOperation;
    private int _replayed;
    /// <summary>Whether the last cleanup left unreferenced files behind (a reader was opening the index); retried at the next
    /// commit and on dispose.</summary>
    private bool _pendingCleanup;
    private SegmentView[] _views = [];
    private long _nextSequence;
    private long _nextOperation = 1;
    private long _appliedOperation;
    private long _generation;
    private int _nextSegmentId = 1;
    private int _denseDimension;
    private DensePrecision _densePrecision;
    private ApproximateSettings? _approximate;
    private Task _backgroundMerge = Task.CompletedTask;
    private bool _disposed;

    private IndexWriter(IIndexDirectory directory, IndexOptions options, bool readOnly)
    {
        _directory = directory;
        _options = options;
        _readOnly = readOnly;
        Logger = options.LoggerFactory?.CreateLogger("Splade.Index.SparseIndex") ?? NullLogger.Instance;
        Snapshots = new CurrentSnapshot(new IndexSnapshot([], 0, DensePrecision.Float32, null));
    }

    /// <summary>Whether the writer was opened read-only: it changes nothing, on disk or in memory.</summary>
    public bool IsReadOnly => _readOnly;

    /// <summary>The index folder's full path (or the in-memory directory's name).</summary>
    public string Location => _directory.Location;

    /// <summary>Where the index logs (<see cref="IndexOptions.LoggerFactory"/>).</summary>
    public ILogger Logger { get; }

    /// <summary>What opening found and did (set once the open completes).</summary>
    public IndexRecovery Recovery { get; private set; } = new();

    /// <summary>The snapshot the writer publishes after each change; reads acquire it.</summary>
    public CurrentSnapshot Snapshots { get; }

    /// <summary>Where each live document is, by id; kept current by the writer, read by <c>Get</c> without the lock.</summary>
    public DocumentIds Ids { get; } = new();

    /// <summary>Opens the index in <paramref name="directory"/>: loads the last commit and replays the log when <paramref name="useLog"/>.</summary>
    /// <remarks><see cref="OpenMode.Write"/> and <see cref="OpenMode.Build"/> first take the writer lock (waiting as
    /// <see cref="IndexOptions.WriterLockTimeout"/> allows); <see cref="OpenMode.ReadOnly"/> takes none and writes nothing.</remarks>
    /// <exception cref="IndexCorruptedException">A file of the index is damaged or missing; the message names it.</exception>
    /// <exception cref="IndexLockedException">Another writer holds the index.</exception>
    /// <exception cref="IndexNotFoundException">A read-only open found no index, or the folder holds an unfinished build.</exception>
    public static IndexWriter Open(IIndexDirectory directory, IndexOptions options, bool useLog, OpenMode mode, CancellationToken cancellationToken)
    {
        var writer = new IndexWriter(directory, options, mode == OpenMode.ReadOnly);
        try
        {
            switch (mode)
            {
                case OpenMode.ReadOnly:
                    writer.RecoverReadOnly(useLog, cancellationToken);
                    break;
                case OpenMode.Build:
                    writer._writerLock = WriterLock.Acquire(directory, options.WriterLockTimeout, writer.Logger, cancellationToken);
                    directory.RemoveTemporaryFiles();
                    writer.StartBuild();
                    break;
                default:
                    writer._writerLock = WriterLock.Acquire(directory, options.WriterLockTimeout, writer.Logger, cancellationToken);
                    directory.RemoveTemporaryFiles();
                    writer.Recover(useLog);
                    break;
            }

            writer.Recovery = new IndexRecovery { Generation = writer._generation, ReplayedOperations = writer._replayed, Dropped = [.. writer._dropped] };
            writer.LogOpened();
            return writer;
        }
        catch
        {
            writer.ReleaseViews();
            writer.Snapshots.Dispose();
            writer._log?.Dispose();
            writer._writerLock?.Dispose();
            throw;
        }
    }

    /// <summary>Adds documents already validated, replacing documents with the same ids, as one logged operation.</summary>
    /// <exception cref="ArgumentException">A dense vector's dimension differs from the index's; nothing is written.</exception>
    public void Upsert(List<PreparedDocument> documents)
    {
        lock (_lock)
        {
            ThrowIfNotWritable();
            CheckDenseDimensions(documents);
            var number = _nextOperation++;
            _log?.Append(WalCodec.EncodeUpsert(number, documents));
            ApplyUpserts(documents);
            _appliedOperation = number;
            FlushIfBufferFull();
        }
    }

    /// <summary>Deletes the documents of <paramref name="ids"/> that exist, as one logged operation; returns how many.</summary>
    public int Delete(IEnumerable<string> ids)
    {
        lock (_lock)
        {
            ThrowIfNotWritable();
            var known = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var id in ids)
            {
                ArgumentNullException.ThrowIfNull(id, nameof(ids));
                if (DocumentValidator.FirstInvalidUtf16(id) is not null)
                {
                    DocumentValidator.ValidateId(id, $"the id to delete '{id}'");
                }

                if (Ids.Contains(id) && seen.Add(id))
                {
                    known.Add(id);
                }
            }

            if (known.Count == 0)
            {
                return 0;
            }

            var number = _nextOperation++;
            _log?.Append(WalCodec.EncodeDelete(number, known));
            ApplyDeletes(known);
            _appliedOperation = number;
            return known.Count;
        }
    }

    /// <summary>Flushes, then replaces the approximate settings with what <paramref name="tune"/> makes of them on the flushed
    /// snapshot, and commits them; returns what <paramref name="tune"/> reports.</summary>
    /// <exception cref="InvalidOperationException">The index builds no approximate indexes.</exception>
    public T TuneApproximate<T>(Func<IndexSnapshot, ApproximateSettings, (ApproximateSettings Settings, T Report)> tune)
    {
        lock (_lock)
        {
            ThrowIfNotWritable();
            var settings = _approximate
                ?? throw new InvalidOperationException("The index builds no approximate indexes; open it with IndexOptions.Approximate set.");
            FlushLocked();
            var (tuned, report) = tune(Snapshots.Unretained, settings);
            _approximate = tuned;
            Commit([.. _views]);
            return report;
        }
    }

    /// <summary>Waits for a background merge, then releases the log and the writer's segments; unflushed writes stay in the log.</summary>
    public void Dispose()
    {
        Task merge;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            merge = _backgroundMerge;
        }

        merge.Wait();
        lock (_lock)
        {
            _disposed = true;
            if (!_readOnly && _pendingCleanup)
            {
                // Files a reader kept from being deleted at the last commit: one more try before the lock goes.
                DeleteUnreferencedFiles(_views);
            }

            Snapshots.Dispose();
            ReleaseViews();
            _log?.Dispose();
            _writerLock?.Dispose();
            _writerLock = null;
        }
    }

    private void CheckDenseDimensions(List<PreparedDocument> prepared)
    {
        var dimension = _denseDimension;
        for (var i = 0; i < prepared.Count; i++)
        {
            dimension = DenseDimensionWith(prepared[i], i, dimension);
        }
    }

    /// <summary>The index's dense dimension once <paramref name="document"/> is added: its vector's length when the index has
    /// none yet, else <paramref name="dimension"/>.</summary>
    /// <exception cref="ArgumentException">The document's dense vector has another length; the message names its position.</exception>
    private static int DenseDimensionWith(PreparedDocument document, int position, int dimension)
    {
        if (document.Dense is not { } dense)
        {
            return dimension;
        }

        if (dimension != 0 && dense.Length != dimension)
        {
            throw new ArgumentException(
                $"document {position} (id '{document.Id}') has a dense vector of dimension {dense.Length}; the index's dense dimension is {dimension}.",
                nameof(document));
        }

        return dense.Length;
    }

    private void ApplyUpserts(IReadOnlyList<PreparedDocument> documents)
    {
        var builder = new SegmentBuilder(_densePrecision);
        foreach (var document in documents)
        {
            builder.Add(document.ToStored(_nextSequence++));
        }

        if (builder.DenseDimension != 0)
        {
            _denseDimension = builder.DenseDimension;
        }

        var segment = Segment.FromBuilt(_nextSegmentId++, builder.Build());
        var removed = new Dictionary<Segment, List<int>>();
        for (var i = 0; i < documents.Count; i++)
        {
            if (Ids.TryGet(documents[i].Id, out var old))
            {
                Removal(removed, old);
            }

            Ids.Set(documents[i].Id, new DocumentAddress(segment, i));
        }

        var views = WithRemovals(_views, removed);
        views.Add(new SegmentView(segment, LiveDocuments.AllLive(segment.DocumentCount), 0, Persisted: false, LiveDirty: false));
        var compacted = CompactBuffer(views);
        Publish(views);
        Retire(compacted);
    }

    private void ApplyDeletes(IReadOnlyList<string> ids)
    {
        var removed = new Dictionary<Segment, List<int>>();
        foreach (var id in ids)
        {
            if (Ids.TryRemove(id, out var old))
            {
                Removal(removed, old);
            }
        }

        Publish(WithRemovals(_views, removed));
    }

    private static void Removal(Dictionary<Segment, List<int>> removed, DocumentAddress address)
    {
        if (!removed.TryGetValue(address.Segment, out var ordinals))
        {
            removed[address.Segment] = ordinals = [];
        }

        ordinals.Add(address.Ordinal);
    }

    private static List<SegmentView> WithRemovals(SegmentView[] views, Dictionary<Segment, List<int>> removed)
    {
        var result = new List<SegmentView>(views.Length + 1);
        foreach (var view in views)
        {
            result.Add(removed.TryGetValue(view.Segment, out var ordinals)
                ? view with { Live = view.Live.Without(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(ordinals)), LiveDirty = view.Persisted }
                : view);
        }

        return result;
    }

    /// <summary>Keeps the number of buffered segments logarithmic: merges the newest two while the newer is at least half the older's
    /// size. Returns the views merged away, for the caller to retire once the result is published.</summary>
    private List<SegmentView> CompactBuffer(List<SegmentView> views)
    {
        var compacted = new List<SegmentView>();
        while (views.Count >= 2 && !views[^1].Persisted && !views[^2].Persisted
            && views[^1].Live.LiveCount * 2 >= views[^2].Live.LiveCount)
        {
            var merged = MergeViews([views[^2], views[^1]], persist: false);
            compacted.Add(views[^2]);
            compacted.Add(views[^1]);
            views.RemoveRange(views.Count - 2, 2);
            views.Add(merged);
        }

        return compacted;
    }

    private void FlushIfBufferFull()
    {
        var buffered = 0;
        foreach (var view in _views)
        {
            buffered += view.Persisted ? 0 : view.Live.LiveCount;
        }

        if (buffered >= _options.FlushThreshold)
        {
            FlushLocked();
        }
    }

    /// <summary>Makes <paramref name="views"/> the writer's state and publishes them as the current snapshot.</summary>
    private void Publish(List<SegmentView> views)
    {
        _views = [.. views];
        Snapshots.Publish(new IndexSnapshot(_views, _denseDimension, _densePrecision, _approximate));
    }

    /// <summary>Gives back the writer's reference on segments no published view lists any more; each closes once the snapshots
    /// that still list it are released.</summary>
    private static void Retire(List<SegmentView> retired) => retired.ForEach(static view => view.Segment.Dispose());

    private void ReleaseViews()
    {
        foreach (var view in _views)
        {
            view.Segment.Dispose();
        }

        _views = [];
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, typeof(SparseIndex));

    private void LogOpened()
    {
        foreach (var dropped in _dropped)
        {
            IndexLog.RecoveryDropped(Logger, _directory.Location, dropped);
        }

        if (Logger.IsEnabled(LogLevel.Information))
        {
            var mode = _readOnly ? "read-only" : "writer";
            IndexLog.Opened(Logger, _directory.Location, mode, _generation, Snapshots.Unretained.LiveCount, _replayed);
        }
    }

    /// <summary>Refuses a change on a disposed or read-only index.</summary>
    private void ThrowIfNotWritable()
    {
        ThrowIfDisposed();
        if (_readOnly)
        {
            throw new InvalidOperationException(
                $"The index in '{_directory.Location}' was opened read-only; open it with SparseIndex.Open to change it.");
        }
    }
}
