namespace Splade.Index.Storage;

/// <summary>An index directory on disk: files are memory-mapped for reading and replaced atomically (write, fsync, rename, fsync folder).</summary>
internal sealed class FileSystemDirectory : IIndexDirectory
{
    private const string TemporarySuffix = ".tmp";

    public FileSystemDirectory(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Location = Path.GetFullPath(path);
        Directory.CreateDirectory(Location);
        foreach (var leftover in Directory.EnumerateFiles(Location, "*" + TemporarySuffix))
        {
            File.Delete(leftover);
        }
    }

    public string Location { get; }

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

    public void WriteAtomic(string name, ReadOnlySpan<byte> contents)
    {
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

    public IAppendableFile OpenAppend(string name) => new AppendableFileStream(PathOf(name));

    public void Delete(string name) => File.Delete(PathOf(name));

    public void Dispose()
    {
    }

    private string PathOf(string name) => Path.Combine(Location, name);

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
