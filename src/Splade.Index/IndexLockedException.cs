namespace Splade.Index;

/// <summary>Another writer has the index open: an index folder has at most one writer at a time, in any process.</summary>
/// <remarks>
/// The message names the holder as it recorded itself (process id, host, since when, command line) when it could be read. Wait for
/// it to finish (<see cref="IndexOptions.WriterLockTimeout"/>, or <c>--wait</c> on the command line), or open the index read-only
/// (<see cref="SparseIndex.OpenReadOnly(string, IndexOptions?)"/>) to search it meanwhile.
/// <para>Thread safety: immutable once thrown, so it may be read from any thread.</para>
/// </remarks>
public sealed class IndexLockedException : IOException
{
    /// <summary>Creates the exception for the folder <paramref name="location"/> and what its writer recorded about itself.</summary>
    public IndexLockedException(string location, string? holder)
        : base(
            $"The index in '{location}' is open for writing by another process{(string.IsNullOrWhiteSpace(holder) ? "" : $" ({holder})")}; "
            + "an index has one writer at a time. Wait for it to finish (--wait), or search the index meanwhile (searches only read).")
    {
        Location = location;
        Holder = holder;
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public IndexLockedException()
        : base("The index is open for writing by another process.")
    {
        Location = string.Empty;
    }

    /// <summary>Creates the exception with a message.</summary>
    public IndexLockedException(string message)
        : base(message)
    {
        Location = string.Empty;
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public IndexLockedException(string message, Exception inner)
        : base(message, inner)
    {
        Location = string.Empty;
    }

    /// <summary>The folder's full path.</summary>
    public string Location { get; }

    /// <summary>What the writer holding the lock recorded about itself (process id, host, start time, command line), or null
    /// when it could not be read.</summary>
    public string? Holder { get; }
}
