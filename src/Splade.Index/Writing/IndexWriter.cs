using Splade.Index.Segments;
using Splade.Index.Storage;

namespace Splade.Index.Writing;

/// <summary>The one writer of an index: the write lock, the write-ahead log, the in-memory buffer, flushes, merges and commits.</summary>
/// <remarks>
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
    private WriteAheadLog? _log;
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

    private IndexWriter(IIndexDirectory directory, IndexOptions options)
    {
        _directory = directory;
        _options = options;
        Snapshots = new CurrentSnapshot(new IndexSnapshot([], 0, DensePrecision.Float32, null));
    }

    /// <summary>The snapshot the writer publishes after each change; reads acquire it.</summary>
    public CurrentSnapshot Snapshots { get; }

    /// <summary>Where each live document is, by id; kept current by the writer, read by <c>Get</c> without the lock.</summary>
    public DocumentIds Ids { get; } = new();

    /// <summary>Opens the index in <paramref name="directory"/>: loads the last commit and replays the log when <paramref name="useLog"/>.</summary>
    /// <exception cref="IndexCorruptedException">A file of the index is damaged; the message names it.</exception>
    public static IndexWriter Open(IIndexDirectory directory, IndexOptions options, bool useLog)
    {
        var writer = new IndexWriter(directory, options);
        try
        {
            writer.Recover(useLog);
            return writer;
        }
        catch
        {
            writer.ReleaseViews();
            writer.Snapshots.Dispose();
            throw;
        }
    }

    /// <summary>Adds documents already validated, replacing documents with the same ids, as one logged operation.</summary>
    /// <exception cref="ArgumentException">A dense vector's dimension differs from the index's; nothing is written.</exception>
    public void Upsert(List<PreparedDocument> documents)
    {
        lock (_lock)
        {
            ThrowIfDisposed();
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
            ThrowIfDisposed();
            var known = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var id in ids)
            {
                ArgumentNullException.ThrowIfNull(id, nameof(ids));
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
            ThrowIfDisposed();
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
            Snapshots.Dispose();
            ReleaseViews();
            _log?.Dispose();
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
}
