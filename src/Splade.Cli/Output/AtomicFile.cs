namespace Splade.Cli.Output;

/// <summary>An output file written under a temporary name and renamed into place only when complete, so no partial file is left behind.</summary>
internal sealed class AtomicFile : IDisposable
{
    private readonly string _path;
    private readonly string _temporaryPath;
    private bool _committed;

    public AtomicFile(string path)
    {
        _path = Path.GetFullPath(path);
        _temporaryPath = Path.Combine(Path.GetDirectoryName(_path)!, $".{Path.GetFileName(_path)}.{Guid.NewGuid():N}.tmp");
        Stream = new FileStream(_temporaryPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
    }

    public Stream Stream { get; }

    public void Commit()
    {
        Stream.Dispose();
        File.Move(_temporaryPath, _path, overwrite: true);
        _committed = true;
    }

    public void Dispose()
    {
        Stream.Dispose();
        if (!_committed)
        {
            File.Delete(_temporaryPath);
        }
    }
}
