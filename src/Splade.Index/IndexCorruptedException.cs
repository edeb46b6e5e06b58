namespace Splade.Index;

/// <summary>An index file is damaged: truncated, its checksum does not match, or its structure is inconsistent.</summary>
/// <remarks>The message names the file. The index refuses to open rather than return wrong results; restore it from a backup or rebuild it.
/// <para>Thread safety: immutable once thrown, so it may be read from any thread.</para>
/// </remarks>
public sealed class IndexCorruptedException : IOException
{
    /// <summary>Creates the exception for <paramref name="fileName"/>.</summary>
    public IndexCorruptedException(string fileName, string message, Exception? inner = null)
        : base($"Index file '{fileName}' is corrupted: {message}", inner)
    {
        FileName = fileName;
    }

    /// <summary>Creates the exception with a message only.</summary>
    public IndexCorruptedException()
        : base("An index file is corrupted.")
    {
        FileName = string.Empty;
    }

    /// <summary>Creates the exception with a message only.</summary>
    public IndexCorruptedException(string message)
        : base(message)
    {
        FileName = string.Empty;
    }

    /// <summary>Creates the exception with a message and the error that revealed the damage.</summary>
    public IndexCorruptedException(string message, Exception inner)
        : base(message, inner)
    {
        FileName = string.Empty;
    }

    /// <summary>The damaged file's name within the index directory.</summary>
    public string FileName { get; }
}
