using Microsoft.Extensions.Logging;
using Splade.Cluster.Placement;
using Splade.Cluster.Repair;
using Splade.Cluster.Wire;

namespace Splade.Cluster.Grains;

/// <summary>The shard map's repair rounds: every second (and at once when a router reports a dead primary) each shard is brought
/// towards <c>replication_factor</c> live in-sync replicas by <see cref="ShardRepair"/>; the changed map is persisted first, then
/// the replicas are told (new terms awaited, builds and drops started without waiting).</summary>
internal sealed partial class ShardMapGrain
{
    private static readonly TimeSpan RepairPeriod = TimeSpan.FromSeconds(1);

    /// <summary>How long a silo where a replica of a shard failed is not used for that shard again.</summary>
    private static readonly TimeSpan FailureCooldown = TimeSpan.FromSeconds(10);

    private readonly Dictionary<(string Collection, int Shard, SiloAddress Silo), DateTime> _cooldowns = [];
    private HashSet<SiloAddress> _knownSilos = [];
    private IGrainTimer? _repairTimer;
    private bool _rebalancing;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _knownSilos = [.. ActiveSilos()];

        // The first round waits a few seconds, so that a map activated on a silo that has just started sees the whole membership.
        _repairTimer?.Dispose();
        _repairTimer = this.RegisterGrainTimer(RepairAllAsync, new GrainTimerCreationOptions
        {
            DueTime = TimeSpan.FromSeconds(3),
            Period = RepairPeriod,
            Interleave = false,
            KeepAlive = true,
        });
        return Task.CompletedTask;
    }

    private async Task RepairAllAsync(CancellationToken cancellation)
    {
        var active = ActiveSilos().ToHashSet();
        if (active.Except(_knownSilos).Any())
        {
            _rebalancing = true;
        }

        _knownSilos = active;
        _persisted.State.Draining.RemoveAll(silo => !active.Contains(silo));
        RepairContext context;
        bool started;
        try
        {
            await ReloadIfNeededAsync().ConfigureAwait(true);
            context = NewContext();
            started = context.MoveInFlight;
            foreach (var name in _persisted.State.Collections.Keys.Order(StringComparer.Ordinal).ToList())
            {
                for (var shard = 0; _persisted.State.Collections.TryGetValue(name, out var map) && shard < map.ShardNumber; shard++)
                {
                    cancellation.ThrowIfCancellationRequested();
                    await RepairShardAsync(name, shard, context).ConfigureAwait(true);
                }
            }
        }
        catch (ShardException error)
        {
            // The map cannot be saved (its storage is down): nothing changed, the next round tries again.
            _logger.LogWarning("Shard repair paused: {Reason}", error.Message);
            return;
        }

        if (_rebalancing && !started && !context.MoveInFlight)
        {
            _rebalancing = false;
        }
    }

    /// <summary>Plans one shard's repair, persists it, then tells the replicas.</summary>
    private async Task RepairShardAsync(string name, int shard, RepairContext context)
    {
        var map = _persisted.State.Collections[name];
        var assignment = map.Shards[shard];
        IReadOnlyDictionary<int, long>? sequences = null;
        if (!context.IsLive(assignment.PrimaryReplica.Silo))
        {
            sequences = await SequencesAsync(name, shard, [.. assignment.Replicas.Where(r => r.InSync && context.IsLive(r.Silo))]).ConfigureAwait(true);
            map = _persisted.State.Collections[name];
            assignment = map.Shards[shard];
        }

        var (repaired, actions) = ShardRepair.Plan(name, map.ReplicationFactor, assignment, context, sequences);
        if (ReferenceEquals(repaired, assignment))
        {
            return;
        }

        await SaveAsync(map, repaired).ConfigureAwait(true);
        foreach (var action in actions)
        {
            switch (action.Kind)
            {
                case RepairActionKind.AdoptTerm:
                    await AdoptTermAsync(name, shard, action.Replica, action.Term).ConfigureAwait(true);
                    break;
                case RepairActionKind.Recover:
                    _ = BeginRecoveryAsync(name, shard, action.Replica, action.Source!, action.Term);
                    break;
                default:
                    if (action.Failed)
                    {
                        CoolDown(name, shard, action.Replica.Silo);
                    }

                    Forget(action.Replica.Silo, () => Replica(name, shard, action.Replica.Replica).DropAsync());
                    break;
            }
        }
    }

    private RepairContext NewContext()
    {
        var active = ActiveSilos().ToHashSet();
        var load = active.ToDictionary(silo => silo, _ => 0);
        var moving = false;
        foreach (var map in _persisted.State.Collections.Values)
        {
            foreach (var replica in map.Shards.SelectMany(shard => shard.Replicas))
            {
                moving |= replica.Recovering || replica.Leaving;
                if (load.TryGetValue(replica.Silo, out var count) && !replica.Leaving && (replica.InSync || replica.Recovering))
                {
                    load[replica.Silo] = count + 1;
                }
            }
        }

        var now = DateTime.UtcNow;
        foreach (var expired in _cooldowns.Where(pair => pair.Value < now).Select(pair => pair.Key).ToList())
        {
            _cooldowns.Remove(expired);
        }

        var endpoints = active.GroupBy(silo => silo.Endpoint).Where(group => group.Count() == 1).ToDictionary(group => group.Key, group => group.First());
        return new RepairContext
        {
            Active = active,
            Revived = silo => endpoints.GetValueOrDefault(silo.Endpoint),
            Draining = [.. _persisted.State.Draining],
            Load = load,
            CoolingDown = (collection, shard, silo) => _cooldowns.ContainsKey((collection, shard, silo)),
            Rebalance = _rebalancing,
            MoveInFlight = moving,
        };
    }

    /// <summary>The sequence numbers of some replicas of a shard (those that do not answer are left out).</summary>
    private async Task<Dictionary<int, long>> SequencesAsync(string name, int shard, IReadOnlyList<ReplicaPlacement> replicas)
    {
        var sequences = new Dictionary<int, long>();
        foreach (var replica in replicas)
        {
            try
            {
                sequences[replica.Replica] = await PlacementHint.CallOn(replica.Silo, () => Replica(name, shard, replica.Replica).GetSequenceAsync())
                    .ConfigureAwait(true);
            }
            catch (Exception error) when (error is not OutOfMemoryException)
            {
                // Unreachable now: not preferred as the next primary.
            }
        }

        return sequences;
    }

    private async Task AdoptTermAsync(string name, ShardAssignment assignment)
    {
        foreach (var holder in assignment.Replicas.Where(r => r.InSync))
        {
            await AdoptTermAsync(name, assignment.Shard, holder, assignment.Term).ConfigureAwait(true);
        }
    }

    private async Task AdoptTermAsync(string name, int shard, ReplicaPlacement holder, long term)
    {
        try
        {
            await PlacementHint.CallOn(holder.Silo, () => Replica(name, shard, holder.Replica).AdoptTermAsync(term)).ConfigureAwait(true);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            // A replica that cannot learn the term now refuses nothing from the new primary; the next write teaches it.
        }
    }

    private void CoolDown(string name, int shard, SiloAddress silo) => _cooldowns[(name, shard, silo)] = DateTime.UtcNow + FailureCooldown;

    /// <summary>Starts building a replica, without waiting; when it cannot be asked to, the map hears it as a failed build (in a
    /// call of its own, after this round).</summary>
    private async Task BeginRecoveryAsync(string name, int shard, ReplicaPlacement replica, ReplicaPlacement source, long term)
    {
        try
        {
            await PlacementHint.CallOn(replica.Silo, () => Replica(name, shard, replica.Replica).BeginRecoveryAsync(source, term)).ConfigureAwait(true);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            try
            {
                await this.AsReference<IShardMapGrain>().ReportRecoveryFailedAsync(name, shard, replica.Replica, error.Message).ConfigureAwait(true);
            }
            catch (Exception report) when (report is not OutOfMemoryException)
            {
                // A later round finds the replica on a dead silo, or this report is made again by the replica itself.
            }
        }
    }

    /// <summary>Calls a replica without waiting for it (its answer, or its failure, arrives later and changes nothing here).</summary>
    private static void Forget(SiloAddress silo, Func<Task> call) => _ = ForgetAsync(silo, call);

    private static async Task ForgetAsync(SiloAddress silo, Func<Task> call)
    {
        try
        {
            await PlacementHint.CallOn(silo, call).ConfigureAwait(true);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            // A replica that does not answer is handled by a later repair round (its silo is gone, or it reports its failure).
        }
    }
}
