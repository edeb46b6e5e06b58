using System.Text.Json;
using Splade.Cluster.Hosting;
using Splade.Cluster.Placement;
using Splade.Cluster.Routing;
using Splade.Cluster.Wire;
using Splade.Server.Storage;

namespace Splade.Cluster.Grains;

/// <summary>A shard replica: opens (or creates) the server's <see cref="Collection"/> in its folder on this silo's disk and serves
/// the shard's writes and searches through it. Immovable: its files do not move with it.</summary>
/// <remarks>As primary it stamps each write with the next sequence number, applies it durably, and has every in-sync backup apply
/// it, and every replica being built from it receive it; a backup that fails is dropped from the in-sync set through the shard map
/// before the write is acknowledged, and when the shard map refuses (this replica's term is no longer current: it was deposed),
/// the write is not acknowledged. The parts that build a replica are in <c>ShardReplicaGrain.Source.cs</c> (the primary's side)
/// and <c>ShardReplicaGrain.Recovery.cs</c> (the new replica's side).</remarks>
[ShardReplicaPlacement]
[Orleans.Placement.Immovable]
[CollectionAgeLimit(AlwaysActive = true)]
internal sealed partial class ShardReplicaGrain(ClusterNodeOptions node, ILocalSiloDetails silo, ReplicaFolders folders) : Grain, IShardReplicaGrain
{
    private readonly ClusterNodeOptions _node = node;
    private readonly ReplicaFolders _folders = folders;
    private readonly ILocalSiloDetails _silo = silo;
    private ReplicaKey _key;
    private string _folder = string.Empty;
    private Collection? _collection;
    private ReplicaState _state;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _key = ReplicaKey.Parse(this.GetPrimaryKeyString());
        _folders.Claim(_key.ToString());
        _folder = _node.ReplicaFolder(_key.Collection, _key.Shard, _key.Replica);
        if (Directory.Exists(_folder))
        {
            _collection = Collection.Open(_key.ToString(), _folder);
            _state = ReplicaState.Read(_folder);
        }

        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        StopRecovery();
        ReleaseSnapshots();
        _collection?.Dispose();
        _collection = null;
        _folders.Release(_key.ToString());
        return Task.CompletedTask;
    }

    public Task CreateAsync(string config)
    {
        if (_collection is null)
        {
            var parsed = JsonSerializer.Deserialize(config, StorageJsonContext.Default.CollectionConfig)!;
            var temporary = _folder + ".creating";
            if (Directory.Exists(temporary))
            {
                Directory.Delete(temporary, recursive: true);
            }

            Collection.Initialize(temporary, parsed);
            new ReplicaState(1, 0).Write(temporary);
            Directory.CreateDirectory(Path.GetDirectoryName(_folder)!);
            Directory.Move(temporary, _folder);
            _collection = Collection.Open(_key.ToString(), _folder);
            _state = ReplicaState.Read(_folder);
        }

        return Task.CompletedTask;
    }

    public Task DropAsync()
    {
        StopRecovery();
        ReleaseSnapshots();
        _followers.Clear();
        _collection?.CloseWhenIdle();
        _collection = null;
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }

        DeleteFolder(_folder + ".recovering");

        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public async Task<long> WriteAsync(ShardWrite write, IReadOnlyList<ReplicaPlacement> backups)
    {
        // An operation that depends on this shard's state is resolved here into point changes, and the backups apply those.
        var stamped = write with { Sequence = _state.Sequence + 1 };
        try
        {
            stamped = await ApplyAsync(stamped, primary: true).ConfigureAwait(true);
        }
        catch (ShardException error) when (error.Kind == (int)StoreErrorKind.Unavailable && _collection is not null && write.Term >= _state.Term)
        {
            // This replica's disk refused the write (full, failing): none of the others has it, so another in-sync replica can take
            // over as primary without losing anything; the router then sends the write there.
            await Map.StepDownAsync(_key.Collection, _key.Shard, _key.Replica, write.Term).ConfigureAwait(true);
            throw;
        }

        // The in-sync backups the router named, and the replicas being built from this one (those this primary returned to the
        // in-sync set count as in sync, even when the router's map predates it).
        var targets = new Dictionary<int, Follower>();
        foreach (var backup in backups)
        {
            targets[backup.Replica] = new Follower(backup.Silo, InSync: true);
        }

        foreach (var (replica, follower) in _followers)
        {
            targets.TryAdd(replica, follower);
        }

        var failed = new List<(int Replica, bool InSync)>();
        await Task.WhenAll(targets.Select(async pair =>
        {
            try
            {
                await PlacementHint.CallOn(pair.Value.Silo, () => Replica(pair.Key).ReplicateAsync(stamped)).ConfigureAwait(true);
            }
            catch (Exception error) when (error is not OutOfMemoryException)
            {
                failed.Add((pair.Key, pair.Value.InSync));
            }
        })).ConfigureAwait(true);

        foreach (var (replica, inSync) in failed)
        {
            // A replica being built that missed a write cannot catch up any more: it is no longer forwarded to, and its
            // confirmation will be refused.
            _followers.Remove(replica);
            if (inSync)
            {
                // Throws when this replica's term is no longer the shard's: a deposed primary acknowledges nothing.
                await Map.DropFromInSyncAsync(_key.Collection, _key.Shard, replica, stamped.Term).ConfigureAwait(true);
            }
        }

        var holders = 1 + targets.Values.Count(target => target.InSync) - failed.Count(failure => failure.InSync);
        if (holders < stamped.Consistency)
        {
            throw new ShardException(StoreErrorKind.Unavailable,
                $"Service unavailable: shard {_key.Shard} of `{_key.Collection}` has {holders} replica(s) holding the write; "
                + $"write_consistency_factor is {stamped.Consistency}.");
        }

        return stamped.Sequence;
    }

    public Task ReplicateAsync(ShardWrite write)
    {
        if (_recovery is { Live: false } recovery)
        {
            // Being built: the write is applied after the copy, in sequence order.
            recovery.Keep(write);
            return Task.CompletedTask;
        }

        return ApplyAsync(write, primary: false);
    }

    public Task AdoptTermAsync(long term)
    {
        if (term > _state.Term && _collection is not null)
        {
            _state = _state with { Term = term };
            _state.Write(_folder);
        }

        return Task.CompletedTask;
    }

    public Task<WireTermStatistics> GetTermStatisticsAsync(string vector, uint[] terms)
        => ShardException.Wrap(() => Task.FromResult(WireTermStatistics.From(Open().GetTermStatistics(vector, terms))));

    public Task<IReadOnlyList<ShardHit>> SearchAsync(ShardSearch search)
        => ShardException.Wrap(() => Task.FromResult(ShardSearcher.Search(Open(), search)));

    public Task<IReadOnlyList<ShardRecord>> RetrieveAsync(string[] ids)
        => ShardException.Wrap(() => Task.FromResult<IReadOnlyList<ShardRecord>>([.. Open()
            .Retrieve([.. ids.Select(PointId.FromEngineId)], PayloadSelector.All, VectorSelector.None)
            .Select(record => new ShardRecord { Id = record.Id.ToEngineId(), Payload = record.Payload?.ToJsonString() })]));

    public Task<ShardPage> ReadAsync(ShardRead read) => ShardException.Wrap(() => Task.FromResult(ShardReader.Read(Open(), read)));

    public Task<long> CountMatchingAsync(string? filter) => ShardException.Wrap(() => Task.FromResult(ShardReader.Count(Open(), filter)));

    public Task<long> CountAsync() => ShardException.Wrap(() => Task.FromResult((long)Open().Count));

    public Task<long> GetSequenceAsync() => Task.FromResult(_state.Sequence);

    /// <summary>Applies a write durably, refusing one stamped with an older term than this replica has seen, and one whose
    /// predecessors it has not applied (it missed a write: it is out of sync, and is dropped and rebuilt).</summary>
    /// <returns>The write as the backups apply it (as the <paramref name="primary"/>, an operation resolved into point changes).</returns>
    private Task<ShardWrite> ApplyAsync(ShardWrite write, bool primary = false) => ShardException.Wrap(async () =>
    {
        var collection = Open();
        if (write.Term < _state.Term)
        {
            throw new StoreException(StoreErrorKind.Unavailable,
                $"Service unavailable: shard {_key.Shard} of `{_key.Collection}` has a newer primary (term {_state.Term}); the write is refused.");
        }

        if (write.Sequence > _state.Sequence + 1)
        {
            throw new StoreException(StoreErrorKind.Unavailable,
                $"Service unavailable: shard replica {_key} has applied writes up to {_state.Sequence} and was sent write {write.Sequence}; "
                + "it is out of sync.");
        }

        try
        {
            _node.WriteFault?.Invoke(_key.ToString());
            var applied = await ApplyToAsync(collection, write, primary).ConfigureAwait(true);
            var state = new ReplicaState(write.Term, Math.Max(_state.Sequence, write.Sequence));
            state.Write(_folder);
            _state = state;
            return applied;
        }
        catch (IOException error)
        {
            throw DiskFailure(error);
        }
    });

    private StoreException DiskFailure(IOException error)
        => new(StoreErrorKind.Unavailable, $"Service unavailable: shard replica {_key} cannot write to its disk ({error.Message}).", error);

    private IShardMapGrain Map => GrainFactory.GetGrain<IShardMapGrain>(ShardMapGrain.Key);

    private Collection Open()
    {
        if (_collection is { } collection)
        {
            return collection;
        }

        if (_recovery is null)
        {
            // Activated by a call that came after the replica was dropped (a router's map was older): it holds nothing, and goes.
            DeactivateOnIdle();
        }

        throw new StoreException(StoreErrorKind.Unavailable, $"Shard replica {_key} has no data on this silo.");
    }

    private IShardReplicaGrain Replica(int replica)
        => GrainFactory.GetGrain<IShardReplicaGrain>(new ReplicaKey(_key.Collection, _key.Shard, replica).ToString());
}
