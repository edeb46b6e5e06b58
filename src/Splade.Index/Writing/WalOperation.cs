namespace Splade.Index.Writing;

/// <summary>One acknowledged write, as read back from the write-ahead log.</summary>
/// <param name="Number">The operation's number; commits record the last one they include.</param>
/// <param name="Upserts">The documents of an upsert batch, or null for a delete.</param>
/// <param name="Deletes">The ids of a delete, or null for an upsert.</param>
internal sealed record WalOperation(long Number, IReadOnlyList<PreparedDocument>? Upserts, IReadOnlyList<string>? Deletes);
