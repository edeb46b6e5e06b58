namespace Splade.Index;

/// <summary>What opening an index found and did: the commit it loaded, the logged writes it replayed, and anything it dropped.</summary>
/// <remarks>
/// A writer that stopped mid-write leaves at most one record cut short at the end of its write-ahead log: a write that never
/// completed and was never acknowledged, which recovery drops and reports here. Damage to the log (a record that is complete but
/// fails its checksum, a missing log) is refused unless <see cref="IndexOptions.RecoverDamagedLog"/> asks to drop what cannot be
/// verified, which is then reported here too. The index logs the same sentences (<see cref="IndexOptions.LoggerFactory"/>).
/// <para>Thread safety: an immutable value; it may be shared between threads.</para>
/// </remarks>
public sealed record IndexRecovery
{
    /// <summary>The generation of the commit the index opened (0 for an index with no commit yet).</summary>
    public long Generation { get; init; }

    /// <summary>The number of write-ahead log operations replayed on top of the commit.</summary>
    public int ReplayedOperations { get; init; }

    /// <summary>One sentence for each thing recovery dropped (a write that never completed, damaged log records, a missing log);
    /// empty when it dropped nothing.</summary>
    public IReadOnlyList<string> Dropped { get; init; } = [];
}
