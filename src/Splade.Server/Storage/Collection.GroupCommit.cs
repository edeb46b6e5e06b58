using System.Collections.Concurrent;

namespace Splade.Server.Storage;

internal sealed partial class Collection
{
    /// <summary>The most writes one group commit takes, and the most point changes it gathers before it stops taking more.</summary>
    private const int MaxGroupWrites = 64;
    private const int MaxGroupChanges = 20_000;

    private readonly ConcurrentQueue<PendingWrite> _pending = new();

    /// <summary>Logs and applies a write, acknowledging it once it is in the log on stable storage and applied to the indexes.</summary>
    /// <remarks>
    /// <para>Writes queue up, and whoever holds the write gate commits every queued write, its own and others', in groups (group
    /// commit): the group's records are appended to the log together and flushed with one fsync, then applied to the indexes
    /// together, and only then is each write answered. Readers never see a write before it is durable, and a write is never
    /// answered before it is durable; concurrent writers share the fsync and the indexes' per-batch work.</para>
    /// <para>A write's <paramref name="resolve"/> reads the collection's state (which points exist, their payloads) to make final
    /// point states, so it must run after the writes before it are applied. A group therefore starts with any write and goes on
    /// only with <paramref name="stateless"/> writes (plain upserts, whose changes do not depend on that state).</para>
    /// </remarks>
    private async Task<long> WriteAsync(Func<List<PointChange>> resolve, CancellationToken cancellationToken, bool stateless = false)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var write = new PendingWrite(resolve, stateless);
        _pending.Enqueue(write);

        // No cancellation from here: a queued write is committed by whoever holds the gate, and its outcome must be known.
        await _writeGate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (!write.Done.Task.IsCompleted)
            {
                CommitPendingLocked();
            }
        }
        finally
        {
            _writeGate.Release();
        }

        return await write.Done.Task.ConfigureAwait(false);
    }

    /// <summary>Commits every queued write, group by group, in queue order.</summary>
    private void CommitPendingLocked()
    {
        var group = new List<(PendingWrite Write, long Operation, List<PointChange> Changes)>();
        while (!_pending.IsEmpty)
        {
            group.Clear();
            var changes = 0;
            while (group.Count < MaxGroupWrites && changes < MaxGroupChanges && _pending.TryPeek(out var next)
                && (group.Count == 0 || next.Stateless) && _pending.TryDequeue(out next))
            {
                try
                {
                    ThrowIfFailed();
                    var resolved = next.Resolve();
                    group.Add((next, _nextOperation++, resolved));
                    changes += resolved.Count;
                }
                catch (Exception error)
                {
                    next.Done.TrySetException(error);
                }
            }

            if (group.Count > 0)
            {
                CommitGroupLocked(group);
            }
        }
    }

    private void CommitGroupLocked(List<(PendingWrite Write, long Operation, List<PointChange> Changes)> group)
    {
        var records = new List<byte[]>(group.Count);
        foreach (var (_, operation, changes) in group)
        {
            if (changes.Count > 0)
            {
                records.Add(PointChangeCodec.Encode(operation, changes));
            }
        }

        if (records.Count > 0)
        {
            try
            {
                _log.Append(records);
            }
            catch (Exception error)
            {
                // The append rolled back: none of the group is in the log or the indexes.
                Fail(group, error);
                return;
            }

            try
            {
                Apply(Latest(group));
            }
            catch (Exception error)
            {
                _failure = $"Collection `{Name}` could not apply a logged write and refuses writes until the server restarts: {error.Message}";
                Fail(group, new StoreException(StoreErrorKind.Unavailable, _failure, error));
                return;
            }
        }

        foreach (var (write, operation, _) in group)
        {
            write.Done.TrySetResult(operation);
        }

        if (_log.CurrentBytes > CheckpointLogBytes)
        {
            try
            {
                CheckpointLocked();
            }
            catch (IOException)
            {
                // The writes are durable in the log; the next write or the shutdown checkpoints again.
            }
        }
    }

    /// <summary>The group's point changes, the last one of each point only (a later write of a point replaces it whole: only
    /// stateless writes follow the first), each with its operation number.</summary>
    private static List<(long Operation, PointChange Change)> Latest(List<(PendingWrite Write, long Operation, List<PointChange> Changes)> group)
    {
        var result = new List<(long, PointChange)>();
        if (group.Count == 1)
        {
            foreach (var change in group[0].Changes)
            {
                result.Add((group[0].Operation, change));
            }

            return result;
        }

        var position = new Dictionary<PointId, int>();
        foreach (var (_, operation, changes) in group)
        {
            foreach (var change in changes)
            {
                if (position.TryGetValue(change.Id, out var at))
                {
                    result[at] = (operation, change);
                }
                else
                {
                    position[change.Id] = result.Count;
                    result.Add((operation, change));
                }
            }
        }

        return result;
    }

    private static void Fail(List<(PendingWrite Write, long Operation, List<PointChange> Changes)> group, Exception error)
    {
        foreach (var (write, _, _) in group)
        {
            write.Done.TrySetException(error);
        }
    }

    /// <summary>One write waiting to be committed: how to resolve it to point changes, and its outcome (the operation number).</summary>
    private sealed class PendingWrite(Func<List<PointChange>> resolve, bool stateless)
    {
        public Func<List<PointChange>> Resolve { get; } = resolve;

        public bool Stateless { get; } = stateless;

        public TaskCompletionSource<long> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
