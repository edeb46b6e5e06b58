namespace Splade.Index.Storage;

/// <summary>The read-only contents of one index file, valid until disposed (for a memory-mapped file, until the view is unmapped).</summary>
internal abstract class IndexFileData : IDisposable
{
    protected IndexFileData(string name) => Name = name;

    /// <summary>The file's name within its directory.</summary>
    public string Name { get; }

    /// <summary>The file's bytes.</summary>
    public abstract ReadOnlyMemory<byte> Bytes { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }
}
