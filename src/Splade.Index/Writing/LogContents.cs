namespace Splade.Index.Writing;

/// <summary>What a write-ahead log holds, as read: its verified records and how it ends.</summary>
/// <param name="Version">The log's format version (1 or 2).</param>
/// <param name="BaseOperation">The operation number the log continues from (its first record is this + 1); -1 for a version 1 log,
/// which does not record it.</param>
/// <param name="Operations">The verified records, in order.</param>
/// <param name="ValidLength">The length of the verified part: the header and <paramref name="Operations"/>' records.</param>
/// <param name="Tail">What follows the verified part.</param>
internal sealed record LogContents(int Version, long BaseOperation, List<WalOperation> Operations, long ValidLength, LogTail Tail);

/// <summary>How a write-ahead log ends after its last verified record.</summary>
internal enum LogTailKind
{
    /// <summary>Nothing follows: the log is whole.</summary>
    None,

    /// <summary>A record cut short (or a zero-filled tail): a write that never completed, so it was never acknowledged.</summary>
    Incomplete,

    /// <summary>A record that is complete but fails a check: damage, possibly to an acknowledged write.</summary>
    Damaged,
}

/// <summary>The end of a write-ahead log after its last verified record.</summary>
/// <param name="Kind">Whether anything follows, and what.</param>
/// <param name="Position">The byte offset where the unverified part starts.</param>
/// <param name="Bytes">The length of the unverified part, to the end of the file.</param>
/// <param name="Operation">The number of the operation the first unverified record should hold, or -1 when unknown.</param>
/// <param name="Problem">What is wrong, for messages (empty for <see cref="LogTailKind.None"/>).</param>
internal sealed record LogTail(LogTailKind Kind, long Position, long Bytes, long Operation, string Problem)
{
    public static LogTail None { get; } = new(LogTailKind.None, 0, 0, -1, string.Empty);

    public static LogTail Incomplete(long position, long bytes, long operation)
        => new(LogTailKind.Incomplete, position, bytes, operation, "a record cut short: a write that never completed");

    public static LogTail Damaged(long position, long bytes, long operation, string problem)
        => new(LogTailKind.Damaged, position, bytes, operation, problem);

    /// <summary>Says where the unverified part is and what it would hold: "the 120 bytes from byte 4096 (operation 17 on)".</summary>
    public string Where => $"the {Bytes} bytes from byte {Position}" + (Operation >= 0 ? $" (operation {Operation} on)" : "");
}
