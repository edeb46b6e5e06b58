using Splade.Cluster.Hosting;
using Splade.Cluster.Placement;
using Splade.Cluster.Wire;
using Splade.Server.Storage;

namespace Splade.Cluster.Grains;

/// <summary>The shard map, persisted in the grain storage <see cref="ClusterSiloExtensions.StorageName"/>. Orleans runs one
/// activation of it at a time and one call at a time, so its changes are serialised; each is written to storage (with Orleans'
/// optimistic concurrency check) before it is answered.</summary>
internal sealed class ShardMapGrain(
    [PersistentState("shard-map", ClusterSiloExtensions.StorageName)] IPersistentState<ShardMapState> state,
    IClusterMembershipService membership) : Grain, IShardMapGrain
{
    /// <summary>The key of the cluster's one shard map.</summary>
    public const string Key = "shard-map";

    public async Task<CollectionShardMap> CreateAsync(string name, string config, ShardingSpec sharding)
    {
        try
        {
            CollectionStore.ValidateName(name);
            var silos = ActiveSilos();
            sharding.Validate(silos.Count);
            if (state.State.Collections.ContainsKey(name))
            {
                throw new StoreException(StoreErrorKind.AlreadyExists, $"Collection `{name}` already exists!");
            }
        }
        catch (StoreException error)
        {
            throw new ShardException(error.Kind, error.Message);
        }

        var map = Place(name, config, sharding, ActiveSilos());
        var replicas = map.Shards.SelectMany(shard => shard.Replicas.Select(replica => (shard.Shard, replica))).ToList();
        try
        {
            await Task.WhenAll(replicas.Select(pair => PlacementHint.CallOn(pair.replica.Silo, () => Replica(name, pair.Shard, pair.replica.Replica)
                .CreateAsync(config)))).ConfigureAwait(true);
        }
        catch
        {
            await DropAsync(map).ConfigureAwait(true);
            throw;
        }

        state.State.Collections[name] = map;
        await state.WriteStateAsync().ConfigureAwait(true);
        return map;
    }

    public Task<CollectionShardMap?> GetAsync(string name)
        => Task.FromResult(state.State.Collections.GetValueOrDefault(name));

    public Task<IReadOnlyList<string>> ListAsync()
        => Task.FromResult<IReadOnlyList<string>>([.. state.State.Collections.Keys.Order(StringComparer.Ordinal)]);

    public async Task<bool> DeleteAsync(string name)
    {
        if (!state.State.Collections.Remove(name, out var map))
        {
            return false;
        }

        await state.WriteStateAsync().ConfigureAwait(true);
        await DropAsync(map).ConfigureAwait(true);
        return true;
    }

    public async Task DropFromInSyncAsync(string name, int shard, int replica, long term)
    {
        var map = state.State.Collections.GetValueOrDefault(name)
            ?? throw new ShardException(StoreErrorKind.NotFound, $"Collection `{name}` doesn't exist!");
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
        if (state.State.Collections.GetValueOrDefault(name) is not { } map)
        {
            return null;
        }

        var assignment = map.Shards[shard];
        var active = ActiveSilos().ToHashSet();
        if (assignment.Term != term || assignment.Primary != replica || active.Contains(assignment.PrimaryReplica.Silo))
        {
            return map;
        }

        var successor = assignment.Replicas
            .Where(r => r.Replica != replica && r.InSync && active.Contains(r.Silo))
            .OrderBy(r => r.Replica)
            .FirstOrDefault();
        if (successor is null)
        {
            // No in-sync replica survives: the shard stays without a primary until one comes back; searches name it as missing.
            return map;
        }

        var promoted = assignment with
        {
            Primary = successor.Replica,
            Term = term + 1,
            Replicas = [.. assignment.Replicas.Select(r => r.Replica == replica ? r with { InSync = false } : r)],
        };
        map = await SaveAsync(map, promoted).ConfigureAwait(true);
        foreach (var holder in promoted.Replicas.Where(r => r.InSync))
        {
            try
            {
                await PlacementHint.CallOn(holder.Silo, () => Replica(name, shard, holder.Replica).AdoptTermAsync(promoted.Term)).ConfigureAwait(true);
            }
            catch (Exception error) when (error is OrleansException or TimeoutException)
            {
                // A replica that cannot learn the term now refuses nothing from the new primary; the next write teaches it.
            }
        }

        return map;
    }

    private async Task<CollectionShardMap> SaveAsync(CollectionShardMap map, ShardAssignment assignment)
    {
        var shards = map.Shards.ToList();
        shards[assignment.Shard] = assignment;
        var changed = map with { Shards = shards };
        state.State.Collections[map.Name] = changed;
        await state.WriteStateAsync().ConfigureAwait(true);
        return changed;
    }

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
        => [.. membership.CurrentSnapshot.Members.Values
            .Where(member => member.Status == SiloStatus.Active)
            .Select(member => member.SiloAddress)
            .OrderBy(silo => silo.ToParsableString(), StringComparer.Ordinal)];

    private IShardReplicaGrain Replica(string collection, int shard, int replica)
        => GrainFactory.GetGrain<IShardReplicaGrain>(new ReplicaKey(collection, shard, replica).ToString());
}
