using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text.Json;
using Splade.Index;
using Splade.Index.Storage;

namespace Splade.Server.Storage;

/// <summary>One collection: its points (id, payload, named dense and sparse vectors) on disk, written through one log and read
/// without waiting for writes.</summary>
/// <remarks>
/// <para>Layout of its folder: <c>config.json</c>; <c>points/</c>, an engine index holding every point's metadata
/// (<see cref="PointEnvelope"/>) with an empty vector; one engine index per named vector under <c>vectors/</c>, each holding the
/// points that have that vector with a copy of the metadata, so that filters run inside the engine; <c>log/</c>, the collection's
/// write-ahead log; <c>checkpoint.json</c>, the next operation number as of the last checkpoint.</para>
/// <para>A write is resolved to final point states (<see cref="PointChange"/>), appended to the log and flushed to stable storage,
/// then applied to the indexes (which keep it in memory until they flush; they have no log of their own), and only then
/// acknowledged. Replaying a change sets a point to the state it describes, so replaying the log's records, in order, on whatever the
/// indexes had flushed before a crash restores every acknowledged write and nothing else. A checkpoint flushes every index and
/// retires the log files they now cover.</para>
/// <para>Writes are serialised by one gate. Reads (search, retrieve, scroll, count) read the indexes' snapshots and the id set, both
/// replaced atomically after each write, so they never wait for a write, a flush or a merge.</para>
/// </remarks>
internal sealed partial class Collection : IDisposable
{
    private const string ConfigFile = "config.json";
    private const string CheckpointFile = "checkpoint.json";
    /// <summary>The log size at which a write checkpoints: it bounds what a restart after a crash replays (replaying is much slower
    /// than appending, about a second per MiB on a busy two-core machine; docs/SERVER.md).</summary>
    private const long CheckpointLogBytes = 16L * 1024 * 1024;
    private static readonly IndexOptions SubIndexOptions = new() { WriteAheadLog = false };

    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly SparseIndex _points;
    private readonly Dictionary<string, SparseIndex> _vectors;
    private readonly CollectionLog _log;
    private readonly ConcurrentDictionary<string, BackgroundTaskProgress> _tasks = new(StringComparer.Ordinal);
    private volatile ImmutableSortedSet<PointId> _ids;
    private volatile CollectionConfig _config;
    private long _nextOperation;
    private int _users;
    private volatile bool _closing;
    private volatile string? _failure;
    private bool _disposed;

    private Collection(string name, string folder, CollectionConfig config, SparseIndex points, Dictionary<string, SparseIndex> vectors, CollectionLog log)
    {
        Name = name;
        Folder = folder;
        _config = config;
        _points = points;
        _vectors = vectors;
        _log = log;
        _ids = [];
    }

    public string Name { get; }

    public string Folder { get; }

    public CollectionConfig Config => _config;

    /// <summary>The number of log records the last open replayed (what a crash left unflushed).</summary>
    public int ReplayedOnOpen { get; private set; }

    /// <summary>The number of points.</summary>
    public int Count => _ids.Count;

    /// <summary>Set when a write could not be applied after it was logged; the collection then refuses writes until it is reopened.</summary>
    public string? Failure => _failure;

    /// <summary>Work running in the background on this collection (the demo's encoding), by name.</summary>
    public IReadOnlyDictionary<string, BackgroundTaskProgress> BackgroundTasks => _tasks;

    /// <summary>Writes a new collection's folder: its configuration and empty indexes.</summary>
    public static void Initialize(string folder, CollectionConfig config)
    {
        Directory.CreateDirectory(folder);
        WriteConfig(folder, config);
    }

    /// <summary>Opens the collection stored in <paramref name="folder"/>, replaying its log.</summary>
    /// <exception cref="StoreException">A file of the collection is damaged (kind <see cref="StoreErrorKind.Unavailable"/>).</exception>
    public static Collection Open(string name, string folder)
    {
        var config = ReadConfig(folder);
        SparseIndex? points = null;
        var vectors = new Dictionary<string, SparseIndex>(StringComparer.Ordinal);
        CollectionLog? log = null;
        try
        {
            points = SparseIndex.Open(Path.Combine(folder, "points"), SubIndexOptions);
            foreach (var dense in config.Dense)
            {
                vectors[dense.Name] = SparseIndex.Open(Path.Combine(folder, "vectors", dense.Folder), SubIndexOptions);
            }

            foreach (var sparse in config.Sparse)
            {
                // An approximate index is built with each sealed segment (flush, merge) of the vector's engine index.
                var options = sparse.Approximate is { } approximate ? SubIndexOptions with { Approximate = approximate.ToIndexOptions() } : SubIndexOptions;
                vectors[sparse.Name] = SparseIndex.Open(Path.Combine(folder, "vectors", sparse.Folder), options);
            }

            log = CollectionLog.Open(Path.Combine(folder, "log"), out var records);
            var collection = new Collection(name, folder, config, points, vectors, log);
            collection.Recover(records);
            collection.CheckpointAfterRecovery(records.Count);
            return collection;
        }
        catch (Exception error) when (error is IndexCorruptedException or IOException or JsonException or FormatException or EndOfStreamException)
        {
            Release(points, vectors, log);
            throw new StoreException(StoreErrorKind.Unavailable, $"Collection `{name}` cannot be opened: its files are damaged ({Describe(error)}).", error);
        }
        catch
        {
            Release(points, vectors, log);
            throw;
        }
    }

    /// <summary>Registers a reader or writer; false once the collection is being closed (deleted), in which case it must not be used.</summary>
    public bool TryEnter()
    {
        Interlocked.Increment(ref _users);
        if (!_closing)
        {
            return true;
        }

        Exit();
        return false;
    }

    public void Exit() => Interlocked.Decrement(ref _users);

    /// <summary>Stops new users, waits for the current ones to finish, and closes the collection.</summary>
    public void CloseWhenIdle()
    {
        _closing = true;
        var wait = new SpinWait();
        while (Volatile.Read(ref _users) > 0)
        {
            wait.SpinOnce(sleep1Threshold: 10);
        }

        Dispose();
    }

    /// <summary>Records the progress of a background task (shown in the collection's info); null removes it.</summary>
    public void ReportProgress(string task, BackgroundTaskProgress? progress)
    {
        if (progress is null)
        {
            _tasks.TryRemove(task, out _);
        }
        else
        {
            _tasks[task] = progress;
        }
    }

    /// <summary>Summarises the collection for its info.</summary>
    public CollectionStatistics GetStatistics()
    {
        var segments = _points.GetStatistics().Segments;
        long vectors = 0;
        foreach (var index in _vectors.Values)
        {
            var statistics = index.GetStatistics();
            segments += statistics.Segments;
            vectors += statistics.Documents;
        }

        return new CollectionStatistics(Count, vectors, segments);
    }

    /// <summary>Flushes every index and retires the log files they now cover, so that a restart has nothing to replay.</summary>
    public async Task CheckpointAsync()
    {
        await _writeGate.WaitAsync().ConfigureAwait(false);
        try
        {
            CheckpointLocked();
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Changes the payload indexes (the only configuration that changes after creation).</summary>
    public async Task<long> UpdatePayloadIndexesAsync(
        Func<IReadOnlyDictionary<string, System.Text.Json.Nodes.JsonNode>, IReadOnlyDictionary<string, System.Text.Json.Nodes.JsonNode>> change)
    {
        await _writeGate.WaitAsync().ConfigureAwait(false);
        try
        {
            ThrowIfFailed();
            var config = _config with { PayloadIndexes = change(_config.PayloadIndexes) };
            WriteConfig(Folder, config);
            _config = config;
            return _nextOperation++;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Checkpoints (so the next open replays nothing) and releases the indexes.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _writeGate.Wait();
        try
        {
            if (_failure is null)
            {
                try
                {
                    CheckpointLocked();
                }
                catch (IOException)
                {
                    // The log still holds every acknowledged write; the next open replays it.
                }
            }

            Release(_points, _vectors, _log);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private void CheckpointLocked()
    {
        var next = _log.Rotate();
        _points.Flush();
        foreach (var index in _vectors.Values)
        {
            index.Flush();
        }

        var state = new CheckpointState(_nextOperation);
        using (var directory = new FileSystemDirectory(Folder))
        {
            directory.WriteAtomic(CheckpointFile, JsonSerializer.SerializeToUtf8Bytes(state, StorageJsonContext.Default.CheckpointState));
        }

        _log.DeleteBefore(next);
    }

    private void Recover(List<byte[]> records)
    {
        var checkpoint = Path.Combine(Folder, CheckpointFile);
        _nextOperation = File.Exists(checkpoint)
            ? JsonSerializer.Deserialize(File.ReadAllBytes(checkpoint), StorageJsonContext.Default.CheckpointState)!.NextOperation
            : 1;
        foreach (var record in records)
        {
            var (operation, changes) = PointChangeCodec.Decode(record);
            Apply(operation, changes);
            _nextOperation = Math.Max(_nextOperation, operation + 1);
        }

        _ids = ImmutableSortedSet.CreateRange(_points.GetIds().Select(PointId.FromEngineId));
    }

    /// <summary>After replaying a crash's log, flushes the indexes and retires the log at once: otherwise the log would only grow
    /// across crashes (a checkpoint runs at shutdown and when the log is large), and every restart would replay more of it.</summary>
    private void CheckpointAfterRecovery(int replayed)
    {
        ReplayedOnOpen = replayed;
        if (replayed == 0)
        {
            return;
        }

        try
        {
            CheckpointLocked();
        }
        catch (IOException)
        {
            // A full disk: the log still holds every replayed write, and the next checkpoint or open tries again.
        }
    }

    private static void WriteConfig(string folder, CollectionConfig config)
    {
        using var directory = new FileSystemDirectory(folder);
        directory.WriteAtomic(ConfigFile, JsonSerializer.SerializeToUtf8Bytes(config, StorageJsonContext.Default.CollectionConfig));
    }

    private static CollectionConfig ReadConfig(string folder)
        => JsonSerializer.Deserialize(File.ReadAllBytes(Path.Combine(folder, ConfigFile)), StorageJsonContext.Default.CollectionConfig)
            ?? throw new JsonException("config.json is empty.");

    private static void Release(SparseIndex? points, Dictionary<string, SparseIndex> vectors, CollectionLog? log)
    {
        points?.Dispose();
        foreach (var index in vectors.Values)
        {
            index.Dispose();
        }

        log?.Dispose();
    }

    private static string Describe(Exception error) => error switch
    {
        IndexCorruptedException corrupted => corrupted.Message,
        JsonException => "config.json or checkpoint.json is not valid",
        _ => error.GetType() == typeof(IOException) ? "a file cannot be read" : "a log record cannot be read",
    };

    private void ThrowIfFailed()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_failure is { } failure)
        {
            throw new StoreException(StoreErrorKind.Unavailable, failure);
        }
    }
}
