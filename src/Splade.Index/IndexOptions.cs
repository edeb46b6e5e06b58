using Microsoft.Extensions.Logging;
using Splade.Index.Approximate;

namespace Splade.Index;

/// <summary>Options of a <see cref="SparseIndex"/>.</summary>
/// <remarks>Thread safety: immutable (init-only properties), so one instance may be shared by any number of threads; a collection or object it refers to is not
/// copied, so leave that unchanged while the options are in use.</remarks>
public sealed record IndexOptions
{
    /// <summary>The number of buffered (unflushed) documents at which an upsert seals the buffer into a segment. Default 50,000.</summary>
    public int FlushThreshold { get; init; } = 50_000;

    /// <summary>The number of segments above which a flush starts a background merge of all segments. Default 8.</summary>
    public int MergeFactor { get; init; } = 8;

    /// <summary>
    /// Indexes whose largest segment holds at most this many documents use term-at-a-time under <see cref="SearchAlgorithm.Auto"/>;
    /// others use MaxScore. Default <see cref="int.MaxValue"/>: term-at-a-time everywhere.
    /// </summary>
    /// <remarks>
    /// On SPLADE-like data with ~49-term queries, per-term score bounds are nearly uniform, so MaxScore prunes little and
    /// term-at-a-time is faster at every size measured (docs/INDEX.md, "Measurements behind the design"). Term-at-a-time
    /// accumulates 65,536 documents at a time, so its memory does not grow with the segment. MaxScore pays off where a few query
    /// terms dominate the bounds; lower this value for such data.
    /// </remarks>
    public int TermAtATimeMaxDocuments { get; init; } = int.MaxValue;

    /// <summary>Whether every acknowledged write is flushed to stable storage (fsync) before the call returns. Default true.</summary>
    public bool Durable { get; init; } = true;

    /// <summary>Whether writes go through the index's own write-ahead log (true, the default).</summary>
    /// <remarks>
    /// False is for callers that keep their own log of the writes (a database that spreads one write over several indexes): upserts
    /// and deletes then only change memory, a <see cref="SparseIndex.Flush"/> (or a buffer that fills up) makes them durable, and
    /// opening the index after a crash restores the last flush. <see cref="Durable"/> has no effect without the log.
    /// </remarks>
    public bool WriteAheadLog { get; init; } = true;

    /// <summary>Whether merges run on a background task after a flush (true, the default) or only when <see cref="SparseIndex.Merge"/> is called.</summary>
    public bool BackgroundMerge { get; init; } = true;

    /// <summary>When set, every sealed segment (flush and merge) also builds an approximate index with these knobs, and searches default to it.</summary>
    /// <remarks>
    /// The setting is kept in the index's commit, so later opens keep building approximate indexes without it; setting it on an index that
    /// already has other build knobs replaces them for new segments (existing segments keep theirs until merged) and forgets tuned query knobs.
    /// Null (the default) keeps the stored setting, or none. docs/INDEX.md describes the integrated behaviour.
    /// </remarks>
    public ApproximateIndexOptions? Approximate { get; init; }

    /// <summary>How dense vectors are stored: float32 (exact) or int8 (a scale and one byte a value, about a quarter of the bytes).</summary>
    /// <remarks>
    /// Fixed when the index is created and kept in its commit: null (the default) means <see cref="Index.DensePrecision.Float32"/> for a
    /// new index and the stored precision for an existing one, and opening an existing index keeps its stored precision whatever this
    /// says (<see cref="IndexStatistics.DensePrecision"/> reports the one in force). With int8, vectors are quantised when they enter a
    /// segment; the write-ahead log keeps the float32 input, and stored vectors read back decoded. See <see cref="Index.DensePrecision"/>.
    /// </remarks>
    public DensePrecision? DensePrecision { get; init; }

    /// <summary>How long opening an index as its writer waits while another writer holds it. Default zero: fail at once with
    /// <see cref="IndexLockedException"/>; <see cref="Timeout.InfiniteTimeSpan"/> waits until it is free.</summary>
    /// <remarks>An index folder has one writer at a time across processes (an operating-system lock held from open to dispose,
    /// released by the kernel if the process dies); read-only opens never wait for it. See docs/INDEX.md, "Concurrency".</remarks>
    public TimeSpan WriterLockTimeout { get; init; } = TimeSpan.Zero;

    /// <summary>Whether opening an index whose write-ahead log is damaged (a complete record that fails its checksum, a log missing
    /// while the commit says there is one) keeps what can be verified and drops the rest, instead of refusing to open. Default false.</summary>
    /// <remarks>What was dropped is reported in <see cref="SparseIndex.Recovery"/> and logged. A record cut short at the end of the
    /// log (a write that never completed, so was never acknowledged) is always dropped and reported, with or without this option.</remarks>
    public bool RecoverDamagedLog { get; init; }

    /// <summary>Where the index logs its opens, recoveries (and what they dropped), commits, merges and tunings, under the category
    /// <c>Splade.Index.SparseIndex</c>; null (the default) logs nothing.</summary>
    /// <remarks>Event ids are stable: 1001 opened, 1002 recovery dropped something, 1003 waiting for the writer lock, 1010 committed,
    /// 1011 merged, 1012 removed unreferenced files, 1013 left them for later (a reader was opening), 1020 tuned approximate search.</remarks>
    public ILoggerFactory? LoggerFactory { get; init; }
}
