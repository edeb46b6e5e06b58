using Splade.Cluster.Placement;
using Splade.Cluster.Wire;
using Splade.Index.Storage;
using Splade.Server.Storage;

namespace Splade.Cluster.Grains;

/// <summary>The new replica's side of being built: it copies the primary's snapshot into a temporary folder while keeping the writes
/// the primary forwards meanwhile, puts the copy in place, applies the kept writes after the snapshot's sequence number in order,
/// then applies forwarded writes as they come and asks the primary to return it to the in-sync set.</summary>
/// <remarks>The copy runs in the background on this activation's scheduler (so forwarded writes, which only queue, are taken while
/// it waits on the network); each of its steps runs between this grain's calls, never beside one.</remarks>
internal sealed partial class ShardReplicaGrain
{
    private Recovery? _recovery;

    public Task BeginRecoveryAsync(ReplicaPlacement source, long term)
    {
        if (_recovery is null && _collection is null)
        {
            var recovery = new Recovery();
            _recovery = recovery;
            _ = RecoverAsync(source, term, recovery);
        }

        return Task.CompletedTask;
    }

    private async Task RecoverAsync(ReplicaPlacement source, long term, Recovery recovery)
    {
        var primary = Replica(source.Replica);
        var temporary = _folder + ".recovering";
        ReplicaSnapshot? snapshot = null;
        try
        {
            snapshot = await Progress(PlacementHint.CallOn(source.Silo, () => primary.OpenSnapshotAsync(_key.Replica, _silo.SiloAddress, term)),
                "the primary's snapshot").ConfigureAwait(true);
            await DownloadAsync(source.Silo, primary, snapshot, temporary, recovery).ConfigureAwait(true);
            await ReleaseAsync(source.Silo, primary, snapshot.Id).ConfigureAwait(true);
            recovery.ThrowIfStopped();
            Install(temporary);

            // Catch up: the writes forwarded since the snapshot, in order; those the copy already holds are skipped.
            while (recovery.TryTake(out var write))
            {
                if (write.Sequence > _state.Sequence)
                {
                    await ApplyAsync(write).ConfigureAwait(true);
                }
            }

            // No await since the queue was found empty: from here on, forwarded writes are applied as they come.
            recovery.Live = true;
            var confirmed = await Progress(PlacementHint.CallOn(source.Silo, () => primary.ConfirmFollowerAsync(_key.Replica)),
                "the primary's confirmation").ConfigureAwait(true);
            if (!confirmed)
            {
                throw new ShardException(StoreErrorKind.Unavailable, $"Shard replica {_key} missed a write of its primary while catching up.");
            }

            if (_recovery == recovery)
            {
                _recovery = null;
            }
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            if (snapshot is not null)
            {
                await ReleaseAsync(source.Silo, primary, snapshot.Id).ConfigureAwait(true);
            }

            if (_recovery == recovery)
            {
                // An incomplete copy serves nothing: the replica gives its data up, and the shard map drops it and places another.
                _recovery = null;
                _collection?.CloseWhenIdle();
                _collection = null;
                DeleteFolder(_folder);
            }

            DeleteFolder(temporary);

            if (!recovery.Stopped)
            {
                try
                {
                    await Map.ReportRecoveryFailedAsync(_key.Collection, _key.Shard, _key.Replica, error.Message).ConfigureAwait(true);
                }
                catch (Exception report) when (report is not OutOfMemoryException)
                {
                    // The shard map cannot be reached: it sees the replica still recovering, and replaces it once its silo is gone.
                }
            }
        }
    }

    private async Task DownloadAsync(SiloAddress source, IShardReplicaGrain primary, ReplicaSnapshot snapshot, string temporary, Recovery recovery)
    {
        DeleteFolder(temporary);
        Directory.CreateDirectory(temporary);
        var root = Path.GetFullPath(temporary) + Path.DirectorySeparatorChar;
        var folders = new HashSet<string>(StringComparer.Ordinal) { temporary };
        foreach (var file in snapshot.Files)
        {
            recovery.ThrowIfStopped();
            var target = Path.GetFullPath(Path.Combine(temporary, file.Path));
            if (!target.StartsWith(root, StringComparison.Ordinal))
            {
                throw new IOException($"The copy names a file outside the replica's folder: {file.Path}.");
            }

            var parent = Path.GetDirectoryName(target)!;
            Directory.CreateDirectory(parent);
            folders.Add(parent);
            _node.WriteFault?.Invoke(_key.ToString());
            var stream = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
            await using (stream.ConfigureAwait(true))
            {
                if (file.Contents is { } contents)
                {
                    await stream.WriteAsync(contents).ConfigureAwait(true);
                }
                else
                {
                    for (long offset = 0; offset < file.Length;)
                    {
                        var at = offset;
                        var chunk = await Progress(
                            PlacementHint.CallOn(source, () => primary.ReadSnapshotAsync(snapshot.Id, file.Path, at, _node.CopyChunkBytes)),
                            $"{file.Path} at byte {offset}").ConfigureAwait(true);
                        if (chunk.Length == 0)
                        {
                            throw new IOException($"The copy of {file.Path} ended at byte {offset} of {file.Length}.");
                        }

                        await Progress(stream.WriteAsync(chunk).AsTask(), $"writing {file.Path} at byte {offset}").ConfigureAwait(true);
                        offset += chunk.Length;
                    }
                }

                stream.Flush(flushToDisk: true);
            }
        }

        new ReplicaState(snapshot.Term, snapshot.Sequence).Write(temporary);
        foreach (var folder in folders)
        {
            FolderSync.Flush(folder);
        }
    }

    /// <summary>One step of a copy, given <see cref="Hosting.ClusterNodeOptions.CopyStallTimeout"/> to finish: a source that stops answering
    /// or a chunk that hangs fails the build instead of holding the replica (and the shard's next replica) forever.</summary>
    private async Task<T> Progress<T>(Task<T> step, string what)
    {
        await Progress((Task)step, what).ConfigureAwait(true);
        return await step.ConfigureAwait(true);
    }

    private async Task Progress(Task step, string what)
    {
        try
        {
            await step.WaitAsync(_node.CopyStallTimeout).ConfigureAwait(true);
        }
        catch (TimeoutException error) when (!step.IsCompleted)
        {
            throw new TimeoutException(
                $"the copy made no progress for {_node.CopyStallTimeout.TotalSeconds:F0} s (waiting for {what}); the partial copy is deleted", error);
        }
    }

    /// <summary>Puts the finished copy in the replica's place and opens it.</summary>
    private void Install(string temporary)
    {
        DeleteFolder(_folder);
        var parent = Path.GetDirectoryName(_folder)!;
        Directory.CreateDirectory(parent);
        Directory.Move(temporary, _folder);
        FolderSync.Flush(parent);
        _collection = Collection.Open(_key.ToString(), _folder);
        _state = ReplicaState.Read(_folder);
    }

    private static async Task ReleaseAsync(SiloAddress source, IShardReplicaGrain primary, Guid snapshot)
    {
        try
        {
            await PlacementHint.CallOn(source, () => primary.ReleaseSnapshotAsync(snapshot)).ConfigureAwait(true);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            // The primary unpins an unread snapshot by itself after a while.
        }
    }

    private void StopRecovery()
    {
        if (_recovery is { } recovery)
        {
            _recovery = null;
            recovery.Stopped = true;
        }
    }

    /// <summary>Deletes a folder of this replica; one that cannot be deleted now is left (a later build or drop removes it).</summary>
    private static void DeleteFolder(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // Left for the next attempt.
        }
    }

    /// <summary>A replica being built: the writes forwarded before it caught up, and whether it applies them as they come.</summary>
    private sealed class Recovery
    {
        private readonly SortedList<long, ShardWrite> _kept = [];

        /// <summary>The replica was dropped (or deactivated) while being built: the copy stops and reports nothing.</summary>
        public bool Stopped { get; set; }

        /// <summary>Caught up: forwarded writes are applied as they come.</summary>
        public bool Live { get; set; }

        public void ThrowIfStopped()
        {
            if (Stopped)
            {
                throw new OperationCanceledException("The replica was dropped while being built.");
            }
        }

        public void Keep(ShardWrite write) => _kept[write.Sequence] = write;

        public bool TryTake(out ShardWrite write)
        {
            if (_kept.Count == 0)
            {
                write = null!;
                return false;
            }

            write = _kept.Values[0];
            _kept.RemoveAt(0);
            return true;
        }
    }
}
