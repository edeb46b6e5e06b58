using System.Text.Json;
using Splade.Cluster.Hosting;
using Splade.Cluster.Placement;
using Splade.Cluster.Wire;
using Splade.Server.Storage;

namespace Splade.Cluster.Grains;

/// <summary>A shard replica: opens (or creates) the server's <see cref="Collection"/> in its folder on this silo's disk and serves
/// the shard's writes and searches through it. Immovable: its files do not move with it.</summary>
[ShardReplicaPlacement]
[Orleans.Placement.Immovable]
[CollectionAgeLimit(AlwaysActive = true)]
internal sealed partial class ShardReplicaGrain(ClusterNodeOptions node) : Grain, IShardReplicaGrain
{
    private ReplicaKey _key;
    private string _folder = string.Empty;
    private Collection? _collection;
    private long _sequence;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _key = ReplicaKey.Parse(this.GetPrimaryKeyString());
        _folder = node.ReplicaFolder(_key.Collection, _key.Shard, _key.Replica);
        if (Directory.Exists(_folder))
        {
            _collection = Collection.Open(_key.ToString(), _folder);
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
            Directory.CreateDirectory(Path.GetDirectoryName(_folder)!);
            Directory.Move(temporary, _folder);
            _collection = Collection.Open(_key.ToString(), _folder);
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
        var stamped = new ShardWrite { Upserts = write.Upserts, Deletes = write.Deletes, Term = write.Term, Sequence = _sequence + 1 };
        await ApplyAsync(stamped).ConfigureAwait(true);
        await Task.WhenAll(backups.Select(backup => PlacementHint.CallOn(backup.Silo, () => GrainFactory
            .GetGrain<IShardReplicaGrain>(new ReplicaKey(_key.Collection, _key.Shard, backup.Replica).ToString())
            .ReplicateAsync(stamped)))).ConfigureAwait(true);
        return stamped.Sequence;
    }

    public Task ReplicateAsync(ShardWrite write) => ApplyAsync(write);

    public Task<WireTermStatistics> GetTermStatisticsAsync(string vector, uint[] terms)
        => ShardException.Wrap(() => Task.FromResult(WireTermStatistics.From(Open().GetTermStatistics(vector, terms))));

    public Task<IReadOnlyList<ShardHit>> SearchAsync(ShardSearch search)
        => ShardException.Wrap(() => Task.FromResult(ShardSearcher.Search(Open(), search)));

    public Task<long> CountAsync() => Task.FromResult((long)Open().Count);

    private Task<bool> ApplyAsync(ShardWrite write) => ShardException.Wrap(async () =>
    {
        var collection = Open();
        if (write.Upserts.Count > 0)
        {
            await collection.UpsertAsync([.. write.Upserts.Select(point => point.ToInput())]).ConfigureAwait(true);
        }

        if (write.Deletes.Count > 0)
        {
            await collection.DeleteAsync(new PointSelection([.. write.Deletes.Select(PointId.FromEngineId)], null)).ConfigureAwait(true);
        }

        _sequence = Math.Max(_sequence, write.Sequence);
        return true;
    });

    private Collection Open()
        => _collection ?? throw new ShardException(StoreErrorKind.Unavailable, $"Shard replica {_key} has no data on this silo.");
}
