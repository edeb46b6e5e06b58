namespace Splade.Index.Storage;

/// <summary>An index directory held in memory: the twin of <see cref="FileSystemDirectory"/> for in-memory indexes and tests.</summary>
internal sealed class RamDirectory : IIndexDirectory
{
    private readonly Dictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private string? _writer;
    private int _readers;
    private bool _cleaning;

    public string Location => "(in memory)";

    public bool IsReadOnly => false;

    public IReadOnlyList<string> ListFiles()
    {
        lock (_lock)
        {
            var names = new List<string>(_files.Keys);
            names.Sort(StringComparer.Ordinal);
            return names;
        }
    }

    public bool Exists(string name)
    {
        lock (_lock)
        {
            return _files.ContainsKey(name);
        }
    }

    public IndexFileData OpenRead(string name)
    {
        lock (_lock)
        {
            return _files.TryGetValue(name, out var bytes)
                ? new ArrayFileData(name, bytes)
                : throw new FileNotFoundException($"'{name}' is not in the in-memory directory.", name);
        }
    }

    public byte[] ReadAllBytes(string name)
    {
        lock (_lock)
        {
            return _files.TryGetValue(name, out var bytes)
                ? [.. bytes]
                : throw new FileNotFoundException($"'{name}' is not in the in-memory directory.", name);
        }
    }

    public void WriteAtomic(string name, ReadOnlySpan<byte> contents)
    {
        var copy = contents.ToArray();
        lock (_lock)
        {
            _files[name] = copy;
        }
    }

    public IAppendableFile OpenAppend(string name)
    {
        lock (_lock)
        {
            _files.TryAdd(name, []);
        }

        return new RamAppendableFile(this, name);
    }

    public void Delete(string name)
    {
        lock (_lock)
        {
            _files.Remove(name);
        }
    }

    public IDisposable? TryLockWriter(string holder, out string? currentHolder)
    {
        lock (_lock)
        {
            currentHolder = _writer;
            if (_writer is not null)
            {
                return null;
            }

            _writer = holder;
            return new Release(this, static directory => directory._writer = null);
        }
    }

    public IDisposable? TryEnterReading()
    {
        lock (_lock)
        {
            if (_cleaning)
            {
                return null;
            }

            _readers++;
            return new Release(this, static directory => directory._readers--);
        }
    }

    public IDisposable? TryBeginCleanup()
    {
        lock (_lock)
        {
            if (_readers > 0 || _cleaning)
            {
                return null;
            }

            _cleaning = true;
            return new Release(this, static directory => directory._cleaning = false);
        }
    }

    public void RemoveTemporaryFiles()
    {
    }

    /// <summary>Replaces a file's bytes directly; tests use it to damage files.</summary>
    internal void Overwrite(string name, byte[] bytes)
    {
        lock (_lock)
        {
            _files[name] = bytes;
        }
    }

    public void Dispose()
    {
    }

    /// <summary>Runs <paramref name="undo"/> under the directory's lock, once.</summary>
    private sealed class Release(RamDirectory directory, Action<RamDirectory> undo) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                lock (directory._lock)
                {
                    undo(directory);
                }
            }
        }
    }

    private sealed class RamAppendableFile(RamDirectory directory, string name) : IAppendableFile
    {
        public long Length
        {
            get
            {
                lock (directory._lock)
                {
                    return directory._files[name].LongLength;
                }
            }
        }

        public void Append(ReadOnlySpan<byte> bytes, bool durable)
        {
            lock (directory._lock)
            {
                directory._files[name] = [.. directory._files[name], .. bytes];
            }
        }

        public void Truncate(long length)
        {
            lock (directory._lock)
            {
                directory._files[name] = directory._files[name][..(int)length];
            }
        }

        public void Dispose()
        {
        }
    }
}
