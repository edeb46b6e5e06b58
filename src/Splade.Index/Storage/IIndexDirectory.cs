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

    /// <summary>Reads <paramref name="name"/> into memory with plain reads: for a file another process may append to or cut short
    /// (the write-ahead log), which a memory map must not cover.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    byte[] ReadAllBytes(string name);

    /// <summary>Writes <paramref name="name"/> whole: to a temporary file, flushed to stable storage, then renamed over the target.</summary>
    void WriteAtomic(string name, ReadOnlySpan<byte> contents);

    /// <summary>Opens <paramref name="name"/> for appending (creating it empty when absent), for the write-ahead log.</summary>
    IAppendableFile OpenAppend(string name);

    /// <summary>Deletes <paramref name="name"/> if it exists.</summary>
    void Delete(string name);

    /// <summary>Whether the directory refuses every change: a read-only open reads through one.</summary>
    bool IsReadOnly { get; }

    /// <summary>Takes the lock that makes the caller the index's one writer, recording <paramref name="holder"/> for others to
    /// read; null when another writer holds it, with what that writer recorded in <paramref name="currentHolder"/>.</summary>
    /// <remarks>The lock lasts until the returned owner is disposed, or the process ends.</remarks>
    IDisposable? TryLockWriter(string holder, out string? currentHolder);

    /// <summary>Enters the reading gate, inside which the writer deletes no file; null while the writer is deleting files (try
    /// again shortly). A folder that no writer has prepared a gate in yet is entered at once.</summary>
    IDisposable? TryEnterReading();

    /// <summary>The writer's side of the gate: held while it deletes files no commit lists; null while a reader is inside the gate
    /// (the writer then leaves the files for a later cleanup). Only the holder of the writer lock calls it.</summary>
    IDisposable? TryBeginCleanup();

    /// <summary>Removes temporary files a crash left half-written; only the holder of the writer lock calls it.</summary>
    void RemoveTemporaryFiles();
}
