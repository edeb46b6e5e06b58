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
/// it; a backup that fails is dropped from the in-sync set through the shard map before the write is acknowledged, and when the
/// shard map refuses (this replica's term is no longer current: it was deposed), the write is not acknowledged.</remarks>
[ShardReplicaPlacement]
[Orleans.Placement.Immovable]
[CollectionAgeLimit(AlwaysActive = true)]
internal sealed class ShardReplicaGrain(ClusterNodeOptions node) : Grain, IShardReplicaGrain
{
    private ReplicaKey _key;
    private string _folder = string.Empty;
    private Collection? _collection;
    private ReplicaState _state;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _key = ReplicaKey.Parse(this.GetPrimaryKeyString());
        _folder = node.ReplicaFolder(_key.Collection, _key.Shard, _key.Replica);
        if (Directory.Exists(_folder))
        {
            _collection = Collection.Open(_key.ToString(), _folder);
            _state = ReplicaState.Read(_folder);
        }

        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _collection?.Dispose();
        _collection = null;
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
        _collection?.CloseWhenIdle();
        _collection = null;
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }

        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public async Task<long> WriteAsync(ShardWrite write, IReadOnlyList<ReplicaPlacement> backups)
    {
        var stamped = new ShardWrite
        {
            Upserts = write.Upserts,
            Deletes = write.Deletes,
            Term = write.Term,
            Sequence = _state.Sequence + 1,
            Consistency = write.Consistency,
        };
        await ApplyAsync(stamped).ConfigureAwait(true);
        var failed = new List<int>();
        await Task.WhenAll(backups.Select(async backup =>
        {
            try
            {
                await PlacementHint.CallOn(backup.Silo, () => Replica(backup.Replica).ReplicateAsync(stamped)).ConfigureAwait(true);
            }
            catch (Exception error) when (ClusterCollections.IsUnavailable(error) || error is ShardException)
            {
                failed.Add(backup.Replica);
            }
        })).ConfigureAwait(true);

        var map = GrainFactory.GetGrain<IShardMapGrain>(ShardMapGrain.Key);
        foreach (var replica in failed)
        {
            // Throws when this replica's term is no longer the shard's: a deposed primary acknowledges nothing.
            await map.DropFromInSyncAsync(_key.Collection, _key.Shard, replica, stamped.Term).ConfigureAwait(true);
        }

        var holders = 1 + backups.Count - failed.Count;
        if (holders < stamped.Consistency)
        {
            throw new ShardException(StoreErrorKind.Unavailable,
                $"Service unavailable: shard {_key.Shard} of `{_key.Collection}` has {holders} replica(s) holding the write; "
                + $"write_consistency_factor is {stamped.Consistency}.");
        }

        return stamped.Sequence;
    }

    public Task ReplicateAsync(ShardWrite write) => ApplyAsync(write);

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

    /// <summary>Applies a write durably, refusing one stamped with an older term than this replica has seen.</summary>
    private Task<bool> ApplyAsync(ShardWrite write) => ShardException.Wrap(async () =>
    {
        var collection = Open();
        if (write.Term < _state.Term)
        {
            throw new StoreException(StoreErrorKind.Unavailable,
                $"Service unavailable: shard {_key.Shard} of `{_key.Collection}` has a newer primary (term {_state.Term}); the write is refused.");
        }

        if (write.Upserts.Count > 0)
        {
            await collection.UpsertAsync([.. write.Upserts.Select(point => point.ToInput())]).ConfigureAwait(true);
        }

        if (write.Deletes.Count > 0)
        {
            await collection.DeleteAsync(new PointSelection([.. write.Deletes.Select(PointId.FromEngineId)], null)).ConfigureAwait(true);
        }

        _state = new ReplicaState(write.Term, Math.Max(_state.Sequence, write.Sequence));
        _state.Write(_folder);
        return true;
    });

    private Collection Open()
        => _collection ?? throw new StoreException(StoreErrorKind.Unavailable, $"Shard replica {_key} has no data on this silo.");

    private IShardReplicaGrain Replica(int replica)
        => GrainFactory.GetGrain<IShardReplicaGrain>(new ReplicaKey(_key.Collection, _key.Shard, replica).ToString());
}
