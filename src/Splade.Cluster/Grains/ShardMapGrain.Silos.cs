using Splade.Cluster.Wire;

namespace Splade.Cluster.Grains;

/// <summary>The shard map's view of silos: how many replicas each holds, which are draining (and stopping a drain), and which of the
/// replica folders on a silo's disk no entry can use any more.</summary>
internal sealed partial class ShardMapGrain
{
    public async Task<bool> StopDrainingAsync(SiloAddress silo)
    {
        await ReloadIfNeededAsync().ConfigureAwait(true);
        if (!_persisted.State.Draining.Remove(silo))
        {
            return false;
        }

        await PersistAsync(() => _persisted.State.Draining.Add(silo)).ConfigureAwait(true);
        return true;
    }

    public Task<IReadOnlyList<SiloLoad>> GetSiloLoadsAsync()
    {
        var counts = new Dictionary<SiloAddress, int>();
        foreach (var replica in _persisted.State.Collections.Values.SelectMany(map => map.Shards).SelectMany(shard => shard.Replicas))
        {
            counts[replica.Silo] = counts.GetValueOrDefault(replica.Silo) + 1;
        }

        foreach (var silo in _persisted.State.Draining)
        {
            counts.TryAdd(silo, 0);
        }

        return Task.FromResult<IReadOnlyList<SiloLoad>>([.. counts
            .OrderBy(pair => pair.Key.ToParsableString(), StringComparer.Ordinal)
            .Select(pair => new SiloLoad { Silo = pair.Key, Replicas = pair.Value, Draining = _persisted.State.Draining.Contains(pair.Key) })]);
    }

    public Task<IReadOnlyList<string>> FindUnusedReplicasAsync(SiloAddress silo, IReadOnlyList<string> replicas)
    {
        var active = ActiveSilos().ToHashSet();
        var unused = new List<string>();
        foreach (var key in replicas)
        {
            ReplicaKey replica;
            try
            {
                replica = ReplicaKey.Parse(key);
            }
            catch (Exception error) when (error is FormatException or ArgumentException or OverflowException)
            {
                continue;
            }

            var entry = _persisted.State.Collections.GetValueOrDefault(replica.Collection) is { } map && replica.Shard < map.ShardNumber
                ? map.Shards[replica.Shard].Replicas.FirstOrDefault(r => r.Replica == replica.Replica)
                : null;

            // Kept: the entry is on this silo, or on a silo that is not active (it may be this disk in an earlier life: a silo restarted
            // at the same address finds it again, and the last in-sync replica of a shard on a dead silo is kept until another exists).
            if (entry is null || (!entry.Silo.Equals(silo) && active.Contains(entry.Silo)))
            {
                unused.Add(key);
            }
        }

        return Task.FromResult<IReadOnlyList<string>>(unused);
    }
}
