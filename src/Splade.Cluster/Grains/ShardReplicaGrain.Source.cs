using Splade.Cluster.Placement;
using Splade.Cluster.Wire;
using Splade.Server.Storage;

namespace Splade.Cluster.Grains;

/// <summary>The primary's side of building a replica: a snapshot of its files taken between two writes, read in chunks by the new
/// replica, and every write after the snapshot forwarded to it, until it confirms it holds them all.</summary>
internal sealed partial class ShardReplicaGrain
{
    /// <summary>A snapshot no one has read for this long is unpinned (its reader died or gave up).</summary>
    private static readonly TimeSpan SnapshotIdleLimit = TimeSpan.FromMinutes(10);

    /// <summary>The replicas this primary forwards its writes to besides the router's in-sync backups: those being built from it,
    /// and those it returned to the in-sync set.</summary>
    private readonly Dictionary<int, Follower> _followers = [];
    private readonly Dictionary<Guid, SnapshotPin> _snapshots = [];

    public async Task<ReplicaSnapshot> OpenSnapshotAsync(int follower, SiloAddress silo, long term)
    {
        ReleaseIdleSnapshots();
        var collection = await ShardException.Wrap(() => Task.FromResult(Open())).ConfigureAwait(true);
        if (term < _state.Term)
        {
            throw new ShardException(StoreErrorKind.Unavailable,
                $"Service unavailable: shard replica {_key} is in term {_state.Term}, not {term}; the copy is not taken.");
        }

        if (term > _state.Term)
        {
            await AdoptTermAsync(term).ConfigureAwait(true);
        }

        // Between two writes (this call is not interleaved with them): the flushed files hold writes up to _state.Sequence, and
        // every later write goes to the follower too.
        await collection.CheckpointAsync().ConfigureAwait(true);
        SnapshotPin pin;
        try
        {
            pin = await SnapshotPin.TakeAsync(_folder, _node.CopyChunkBytes).ConfigureAwait(true);
        }
        catch (IOException error)
        {
            throw new ShardException(StoreErrorKind.Unavailable, $"Service unavailable: shard replica {_key} cannot pin its files ({error.Message}).");
        }

        _snapshots[pin.Id] = pin;
        _followers[follower] = new Follower(silo, InSync: false);
        return new ReplicaSnapshot { Id = pin.Id, Term = _state.Term, Sequence = _state.Sequence, Files = pin.Files };
    }

    public async Task<byte[]> ReadSnapshotAsync(Guid snapshot, string path, long offset, int count)
    {
        if (_node.SnapshotReadFault is { } fault)
        {
            await fault(_key.ToString()).ConfigureAwait(true);
        }

        if (!_snapshots.TryGetValue(snapshot, out var pin))
        {
            throw new ShardException(StoreErrorKind.Unavailable, $"Service unavailable: the copy of shard replica {_key} was released.");
        }

        try
        {
            return pin.Read(path, offset, count);
        }
        catch (IOException error)
        {
            throw new ShardException(StoreErrorKind.Unavailable, $"Service unavailable: the copy of shard replica {_key} cannot be read ({error.Message}).");
        }
    }

    public Task ReleaseSnapshotAsync(Guid snapshot)
    {
        if (_snapshots.Remove(snapshot, out var pin))
        {
            pin.Dispose();
        }

        return Task.CompletedTask;
    }

    public async Task<bool> ConfirmFollowerAsync(int follower)
    {
        // Not interleaved with writes: none is under way, so a follower that applied every forwarded write has this primary's
        // sequence number now (one asked before this call could be a write behind).
        if (!_followers.TryGetValue(follower, out var entry))
        {
            return false;
        }

        var sequence = await PlacementHint.CallOn(entry.Silo, () => Replica(follower).GetSequenceAsync()).ConfigureAwait(true);
        if (sequence != _state.Sequence)
        {
            _followers.Remove(follower);
            return false;
        }

        await Map.MarkInSyncAsync(_key.Collection, _key.Shard, follower, _state.Term).ConfigureAwait(true);
        _followers[follower] = entry with { InSync = true };
        return true;
    }

    private void ReleaseIdleSnapshots()
    {
        var limit = DateTime.UtcNow - SnapshotIdleLimit;
        foreach (var (id, pin) in _snapshots.Where(pair => pair.Value.LastUsed < limit).ToList())
        {
            _snapshots.Remove(id);
            pin.Dispose();
        }
    }

    private void ReleaseSnapshots()
    {
        foreach (var pin in _snapshots.Values)
        {
            pin.Dispose();
        }

        _snapshots.Clear();
    }

    /// <summary>A replica this primary forwards writes to: where it lives and whether it is in the in-sync set (a failure then
    /// drops it from the set before the write is acknowledged).</summary>
    private readonly record struct Follower(SiloAddress Silo, bool InSync);
}
