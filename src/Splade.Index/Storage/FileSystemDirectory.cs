namespace Splade.Index.Storage;

/// <summary>An index directory on disk: files are memory-mapped for reading and replaced atomically (write, fsync, rename, fsync folder).</summary>
/// <remarks>
/// Two lock files coordinate processes (docs/INDEX.md, "Concurrency"): <c>write.lock</c>, held exclusively by the one writer for as
/// long as it is open, and <c>read.lock</c>, the gate that readers hold shared while they open the files of a commit and that the
/// writer holds exclusively while it deletes files. A read-only directory creates, changes and deletes nothing.
/// </remarks>
internal sealed class FileSystemDirectory : IIndexDirectory
{
    /// <summary>The writer's lock file.</summary>
    public const string WriteLockName = "write.lock";

    /// <summary>The reading gate's lock file.</summary>
    public const string ReadLockName = "read.lock";

    private const string TemporarySuffix = ".tmp";
    private LockFile? _gate;

    /// <summary>Opens the folder at <paramref name="path"/>; a writable directory creates it when absent.</summary>
    /// <exception cref="IndexNotFoundException">A read-only directory's folder does not exist.</exception>
    public FileSystemDirectory(string path, bool readOnly = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Location = Path.GetFullPath(path);
        IsReadOnly = readOnly;
        if (readOnly)
        {
            if (!Directory.Exists(Location))
            {
                throw new IndexNotFoundException(Location, "the folder does not exist.");
            }
        }
        else
        {
            Directory.CreateDirectory(Location);
        }
    }

    public string Location { get; }

    public bool IsReadOnly { get; }

    public IReadOnlyList<string> ListFiles()
    {
        var names = new List<string>();
        foreach (var path in Directory.EnumerateFiles(Location))
        {
            names.Add(Path.GetFileName(path));
        }

        names.Sort(StringComparer.Ordinal);
        return names;
    }

    public bool Exists(string name) => File.Exists(PathOf(name));

    public IndexFileData OpenRead(string name)
    {
        var path = PathOf(name);
        var length = new FileInfo(path).Length;
        if (length < 4096)
        {
            return new ArrayFileData(name, File.ReadAllBytes(path));
        }

        return new MappedFileData(name, path, length);
    }

    public byte[] ReadAllBytes(string name) => File.ReadAllBytes(PathOf(name));

    public void WriteAtomic(string name, ReadOnlySpan<byte> contents)
    {
        ThrowIfReadOnly();
        var target = PathOf(name);
        var temporary = target + TemporarySuffix;
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(contents);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, target, overwrite: true);
        FolderSync.Flush(Location);
    }

    public IAppendableFile OpenAppend(string name)
    {
        ThrowIfReadOnly();
        return new AppendableFileStream(PathOf(name));
    }

    public void Delete(string name)
    {
        ThrowIfReadOnly();
        File.Delete(PathOf(name));
    }

    public IDisposable? TryLockWriter(string holder, out string? currentHolder)
    {
        ThrowIfReadOnly();
        var path = PathOf(WriteLockName);
        var lockFile = LockFile.Open(path, create: true)!;
        if (!lockFile.TryLock(exclusive: true))
        {
            lockFile.Dispose();
            currentHolder = LockFile.ReadContent(path);
            return null;
        }

        try
        {
            lockFile.WriteContent(holder);
            // The gate file exists from the first writer on, so that every later reader can enter it; it is never deleted.
            _gate ??= LockFile.Open(PathOf(ReadLockName), create: true);
        }
        catch
        {
            lockFile.Dispose();
            throw;
        }

        currentHolder = null;
        return new Releaser(lockFile);
    }

    public IDisposable? TryEnterReading()
    {
        var gate = LockFile.Open(PathOf(ReadLockName), create: false);
        if (gate is null)
        {
            return new Releaser(null);
        }

        if (gate.TryLock(exclusive: false))
        {
            return new Releaser(gate);
        }

        gate.Dispose();
        return null;
    }

    public IDisposable? TryBeginCleanup()
    {
        ThrowIfReadOnly();
        var gate = _gate ?? throw new InvalidOperationException("Only the holder of the writer lock cleans up.");
        return gate.TryLock(exclusive: true) ? new Unlocker(gate) : null;
    }

    public void RemoveTemporaryFiles()
    {
        ThrowIfReadOnly();
        foreach (var leftover in Directory.EnumerateFiles(Location, "*" + TemporarySuffix))
        {
            File.Delete(leftover);
        }
    }

    public void Dispose()
    {
        _gate?.Dispose();
        _gate = null;
    }

    private void ThrowIfReadOnly()
    {
        if (IsReadOnly)
        {
            throw new InvalidOperationException($"The index in '{Location}' is open read-only; nothing in its folder may change.");
        }
    }

    private string PathOf(string name) => Path.Combine(Location, name);

    /// <summary>Closes a lock file (dropping its lock) when disposed.</summary>
    private sealed class Releaser(LockFile? lockFile) : IDisposable
    {
        public void Dispose() => lockFile?.Dispose();
    }

    /// <summary>Releases a lock but keeps its file open for the next time.</summary>
    private sealed class Unlocker(LockFile lockFile) : IDisposable
    {
        public void Dispose() => lockFile.Release();
    }

    private sealed class AppendableFileStream : IAppendableFile
    {
        private readonly FileStream _stream;

        public AppendableFileStream(string path)
        {
            _stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0);
            _stream.Seek(0, SeekOrigin.End);
        }

        public long Length => _stream.Length;

        public void Append(ReadOnlySpan<byte> bytes, bool durable)
        {
            _stream.Write(bytes);
            if (durable)
            {
                _stream.Flush(flushToDisk: true);
            }
        }

        public void Truncate(long length)
        {
            _stream.SetLength(length);
            _stream.Seek(0, SeekOrigin.End);
            _stream.Flush(flushToDisk: true);
        }

        public void Dispose() => _stream.Dispose();
    }
}
