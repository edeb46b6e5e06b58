using Microsoft.Extensions.Logging;
using Splade.Cluster.Hosting;
using Splade.Cluster.Placement;
using Splade.Cluster.Wire;
using Splade.Server.Storage;

namespace Splade.Cluster.Grains;

/// <summary>The shard map, persisted in the grain storage <see cref="ClusterSiloExtensions.StorageName"/>. Orleans runs one
/// activation of it at a time and one call at a time, so its changes are serialised; each is written to storage (with Orleans'
/// optimistic concurrency check) before it is answered.</summary>
/// <remarks>Besides answering calls, it repairs the shards every second (<c>ShardMapGrain.Repair.cs</c>).</remarks>
[CollectionAgeLimit(AlwaysActive = true)]
internal sealed partial class ShardMapGrain(
    [PersistentState("shard-map", ClusterSiloExtensions.StorageName)] IPersistentState<ShardMapState> state,
    IClusterMembershipService membership,
    ILogger<ShardMapGrain> logger) : Grain, IShardMapGrain
{
    /// <summary>The key of the cluster's one shard map.</summary>
    public const string Key = "shard-map";

    private readonly IPersistentState<ShardMapState> _persisted = state;
    private readonly IClusterMembershipService _membership = membership;
    private readonly ILogger<ShardMapGrain> _logger = logger;

    /// <summary>A write to storage failed: the map is read again before it changes next.</summary>
    private bool _reload;

    public async Task<CollectionShardMap> CreateAsync(string name, string config, ShardingSpec sharding)
    {
        try
        {
            CollectionStore.ValidateName(name);
            var silos = ActiveSilos().Where(silo => !_persisted.State.Draining.Contains(silo)).ToList();
            sharding.Validate(silos.Count);
            if (_persisted.State.Collections.ContainsKey(name))
            {
                throw new StoreException(StoreErrorKind.AlreadyExists, $"Collection `{name}` already exists!");
            }
        }
        catch (StoreException error)
        {
            throw new ShardException(error.Kind, error.Message);
        }

        await ReloadIfNeededAsync().ConfigureAwait(true);
        var map = Place(name, config, sharding, [.. ActiveSilos().Where(silo => !_persisted.State.Draining.Contains(silo))]);
        var replicas = map.Shards.SelectMany(shard => shard.Replicas.Select(replica => (shard.Shard, replica))).ToList();
        try
        {
            await Task.WhenAll(replicas.Select(pair => PlacementHint.CallOn(pair.replica.Silo, () => Replica(name, pair.Shard, pair.replica.Replica)
                .CreateAsync(config)))).ConfigureAwait(true);
            _persisted.State.Collections[name] = map;
            await PersistAsync(() => _persisted.State.Collections.Remove(name)).ConfigureAwait(true);
        }
        catch
        {
            await DropAsync(map).ConfigureAwait(true);
            throw;
        }

        return map;
    }

    public Task<CollectionShardMap?> GetAsync(string name)
        => Task.FromResult(_persisted.State.Collections.GetValueOrDefault(name));

    public Task<IReadOnlyList<string>> ListAsync()
        => Task.FromResult<IReadOnlyList<string>>([.. _persisted.State.Collections.Keys.Order(StringComparer.Ordinal)]);

    public async Task<bool> DeleteAsync(string name)
    {
        await ReloadIfNeededAsync().ConfigureAwait(true);
        if (!_persisted.State.Collections.Remove(name, out var map))
        {
            return false;
        }

        await PersistAsync(() => _persisted.State.Collections[name] = map).ConfigureAwait(true);
        await DropAsync(map).ConfigureAwait(true);
        return true;
    }

    public async Task DropFromInSyncAsync(string name, int shard, int replica, long term)
    {
        await ReloadIfNeededAsync().ConfigureAwait(true);
        var map = Require(name);
        var assignment = map.Shards[shard];
        if (assignment.Term != term)
        {
            throw new ShardException(StoreErrorKind.Unavailable,
                $"Service unavailable: shard {shard} of `{name}` has a newer primary (term {assignment.Term}); the write is not acknowledged.");
        }

        if (assignment.Replicas.Any(r => r.Replica == replica && r.InSync))
        {
            var replicas = assignment.Replicas.Select(r => r.Replica == replica ? r with { InSync = false } : r).ToList();
            await SaveAsync(map, assignment with { Replicas = replicas }).ConfigureAwait(true);
        }
    }

    public async Task<CollectionShardMap?> ReportUnavailableAsync(string name, int shard, int replica, long term)
    {
        if (_persisted.State.Collections.GetValueOrDefault(name) is not { } map)
        {
            return null;
        }

        var assignment = map.Shards[shard];
        if (assignment.Term == term && assignment.Primary == replica && !ActiveSilos().Contains(assignment.PrimaryReplica.Silo))
        {
            // Once membership has declared the primary's silo dead, the shard is repaired now rather than at the next round.
            await ReloadIfNeededAsync().ConfigureAwait(true);
            if (_persisted.State.Collections.ContainsKey(name))
            {
                await RepairShardAsync(name, shard, NewContext()).ConfigureAwait(true);
            }
        }

        return _persisted.State.Collections.GetValueOrDefault(name);
    }

    public async Task StepDownAsync(string name, int shard, int replica, long term)
    {
        await ReloadIfNeededAsync().ConfigureAwait(true);
        var map = Require(name);
        var assignment = map.Shards[shard];
        if (assignment.Term != term || assignment.Primary != replica)
        {
            return;
        }

        var active = ActiveSilos().ToHashSet();
        var candidates = assignment.Replicas.Where(r => r.Replica != replica && r.InSync && active.Contains(r.Silo)).ToList();
        if (candidates.Count == 0)
        {
            return;
        }

        var sequences = await SequencesAsync(name, shard, candidates).ConfigureAwait(true);
        var successor = candidates.OrderByDescending(r => sequences.GetValueOrDefault(r.Replica, -1)).ThenBy(r => r.Replica).First();
        var promoted = assignment with
        {
            Primary = successor.Replica,
            Term = term + 1,
            Replicas = [.. assignment.Replicas
                .Where(r => !r.Recovering)
                .Select(r => r.Replica == replica ? r with { InSync = false } : r)],
        };
        await SaveAsync(map, promoted).ConfigureAwait(true);
        await AdoptTermAsync(name, promoted).ConfigureAwait(true);
    }

    public async Task MarkInSyncAsync(string name, int shard, int replica, long term)
    {
        await ReloadIfNeededAsync().ConfigureAwait(true);
        var map = Require(name);
        var assignment = map.Shards[shard];
        var built = assignment.Replicas.FirstOrDefault(r => r.Replica == replica);
        if (assignment.Term != term || built is not { Recovering: true })
        {
            throw new ShardException(StoreErrorKind.Unavailable,
                $"Service unavailable: replica {replica} of shard {shard} of `{name}` is no longer being built from the primary of term {term}.");
        }

        await SaveAsync(map, assignment with
        {
            Replicas = [.. assignment.Replicas.Select(r => r.Replica == replica ? r with { InSync = true, Recovering = false } : r)],
        }).ConfigureAwait(true);
    }

    public async Task ReportRecoveryFailedAsync(string name, int shard, int replica, string reason)
    {
        // A replica whose build failed holds nothing, whatever the map says of it (its confirmation may have been saved although the
        // saving was reported as failed): it is removed, unless it is the primary.
        await ReloadIfNeededAsync().ConfigureAwait(true);
        if (_persisted.State.Collections.GetValueOrDefault(name) is not { } map
            || map.Shards[shard].Replicas.FirstOrDefault(r => r.Replica == replica) is not { } failed
            || map.Shards[shard].Primary == replica)
        {
            return;
        }

        _logger.LogWarning(
            "Replica {Replica} of shard {Shard} of {Collection} on {Silo} could not be built: {Reason}", replica, shard, name, failed.Silo, reason);
        var assignment = map.Shards[shard];
        await SaveAsync(map, assignment with { Replicas = [.. assignment.Replicas.Where(r => r.Replica != replica)] }).ConfigureAwait(true);
        CoolDown(name, shard, failed.Silo);
        Forget(failed.Silo, () => Replica(name, shard, replica).DropAsync());
    }

    public async Task<int> DrainAsync(SiloAddress silo)
    {
        await ReloadIfNeededAsync().ConfigureAwait(true);
        var active = ActiveSilos();
        if (!active.Contains(silo))
        {
            throw new ShardException(StoreErrorKind.NotFound, $"Silo {silo} is not an active member of the cluster.");
        }

        if (!_persisted.State.Draining.Contains(silo))
        {
            var remaining = active.Count(other => !other.Equals(silo) && !_persisted.State.Draining.Contains(other));
            if (_persisted.State.Collections.Values.FirstOrDefault(map => map.ReplicationFactor > remaining) is { } blocked)
            {
                throw new ShardException(StoreErrorKind.BadInput,
                    $"Bad request: draining {silo} would leave {remaining} silo(s) for the replicas of `{blocked.Name}`, whose "
                    + $"replication_factor is {blocked.ReplicationFactor}.");
            }

            _persisted.State.Draining.Add(silo);
            await PersistAsync(() => _persisted.State.Draining.Remove(silo)).ConfigureAwait(true);
        }

        return _persisted.State.Collections.Values.Sum(map => map.Shards.Sum(shard => shard.Replicas.Count(r => r.Silo.Equals(silo))));
    }

    /// <summary>Replaces one shard's assignment and persists the map; when storage fails, the map is left as it was (the caller's
    /// change did not happen) and the failure is reported as unavailability.</summary>
    private async Task<CollectionShardMap> SaveAsync(CollectionShardMap map, ShardAssignment assignment)
    {
        var shards = map.Shards.ToList();
        shards[assignment.Shard] = assignment;
        var changed = map with { Shards = shards };
        var before = _persisted.State.Collections[map.Name];
        _persisted.State.Collections[map.Name] = changed;
        await PersistAsync(() => _persisted.State.Collections[map.Name] = before).ConfigureAwait(true);
        return changed;
    }

    /// <summary>Writes the map to storage. When that fails, <paramref name="undo"/> puts the change back in memory, and the map is read
    /// again from storage before its next change (the write may have reached storage although it was reported as failed).</summary>
    /// <exception cref="ShardException">Storage failed (kind Unavailable).</exception>
    private async Task PersistAsync(Action undo)
    {
        try
        {
            await _persisted.WriteStateAsync().ConfigureAwait(true);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            undo();
            _reload = true;
            throw StorageFailure(error);
        }
    }

    private async Task ReloadIfNeededAsync()
    {
        if (!_reload)
        {
            return;
        }

        try
        {
            await _persisted.ReadStateAsync().ConfigureAwait(true);
            _reload = false;
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            throw StorageFailure(error);
        }
    }

    private static ShardException StorageFailure(Exception error)
        => new(StoreErrorKind.Unavailable, $"Service unavailable: the shard map cannot be saved (its storage does not answer: {error.Message}); "
            + "nothing changed, try again.");

    private CollectionShardMap Require(string name)
        => _persisted.State.Collections.GetValueOrDefault(name) ?? throw new ShardException(StoreErrorKind.NotFound, $"Collection `{name}` doesn't exist!");

    /// <summary>Replica r of shard s goes to silo (s + r) mod n of the active silos in address order: a shard's replicas are on
    /// distinct silos (the replication factor is at most n), and primaries and backups spread evenly.</summary>
    private static CollectionShardMap Place(string name, string config, ShardingSpec sharding, List<SiloAddress> silos)
    {
        var shards = new List<ShardAssignment>(sharding.ShardNumber);
        for (var shard = 0; shard < sharding.ShardNumber; shard++)
        {
            var replicas = new List<ReplicaPlacement>(sharding.ReplicationFactor);
            for (var replica = 0; replica < sharding.ReplicationFactor; replica++)
            {
                replicas.Add(new ReplicaPlacement { Replica = replica, Silo = silos[(shard + replica) % silos.Count] });
            }

            shards.Add(new ShardAssignment { Shard = shard, Primary = 0, Replicas = replicas });
        }

        return new CollectionShardMap
        {
            Name = name,
            Config = config,
            ShardNumber = sharding.ShardNumber,
            ReplicationFactor = sharding.ReplicationFactor,
            WriteConsistencyFactor = sharding.WriteConsistencyFactor,
            Shards = shards,
        };
    }

    private async Task DropAsync(CollectionShardMap map)
    {
        var active = ActiveSilos().ToHashSet();
        foreach (var shard in map.Shards)
        {
            foreach (var replica in shard.Replicas.Where(replica => active.Contains(replica.Silo)))
            {
                try
                {
                    await PlacementHint.CallOn(replica.Silo, () => Replica(map.Name, shard.Shard, replica.Replica).DropAsync()).ConfigureAwait(true);
                }
                catch (Exception error) when (error is OrleansException or TimeoutException or IOException)
                {
                    // A replica that cannot be reached now keeps its folder; the collection is gone from the map either way.
                }
            }
        }
    }

    private List<SiloAddress> ActiveSilos()
        => [.. _membership.CurrentSnapshot.Members.Values
            .Where(member => member.Status == SiloStatus.Active)
            .Select(member => member.SiloAddress)
            .OrderBy(silo => silo.ToParsableString(), StringComparer.Ordinal)];

    private IShardReplicaGrain Replica(string collection, int shard, int replica)
        => GrainFactory.GetGrain<IShardReplicaGrain>(new ReplicaKey(collection, shard, replica).ToString());
}
