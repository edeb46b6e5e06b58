namespace Splade.Index.Storage;

/// <summary>The small set of file operations the index needs, so that it runs on disk (memory-mapped) or entirely in memory.</summary>
internal interface IIndexDirectory : IDisposable
{
    /// <summary>A name for messages: the folder path, or a label for an in-memory directory.</summary>
    string Location { get; }

    /// <summary>The names of the files present.</summary>
    IReadOnlyList<string> ListFiles();

    /// <summary>Whether <paramref name="name"/> exists.</summary>
    bool Exists(string name);

    /// <summary>Opens <paramref name="name"/> for reading; the data stays valid until the returned owner is disposed.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    IndexFileData OpenRead(string name);

    /// <summary>Writes <paramref name="name"/> whole: to a temporary file, flushed to stable storage, then renamed over the target.</summary>
    void WriteAtomic(string name, ReadOnlySpan<byte> contents);

    /// <summary>Opens <paramref name="name"/> for appending (creating it empty when absent), for the write-ahead log.</summary>
    IAppendableFile OpenAppend(string name);

    /// <summary>Deletes <paramref name="name"/> if it exists.</summary>
    void Delete(string name);
}
