using Splade.Cluster.Wire;

namespace Splade.Cluster.Repair;

/// <summary>Decides how one shard's replicas change so that it keeps <c>replication_factor</c> live replicas on distinct silos:
/// replicas found again on a silo that restarted, a backup promoted when the primary's silo died, replicas of dead silos
/// forgotten, failed ones dropped, a new replica placed (and built from the primary) where one is missing, replicas moved off
/// leaving silos once their replacement is in sync, and one replica at a time moved onto a silo that joined. Pure: the shard map
/// persists the result, then takes the actions.</summary>
/// <remarks>Safety rests on the in-sync set: a replica enters it only when its primary confirms it holds every write
/// (<c>MarkInSyncAsync</c>); this plan only ever removes replicas from it, and keeps the last in-sync replica of a shard even on a
/// dead silo (its disk may come back). The primary moves only to an in-sync replica, with a higher term.</remarks>
internal static class ShardRepair
{
    public static (ShardAssignment Shard, List<RepairAction> Actions) Plan(
        string collection, int replicationFactor, ShardAssignment shard, RepairContext context, IReadOnlyDictionary<int, long>? sequences)
    {
        var actions = new List<RepairAction>();
        var replicas = shard.Replicas.ToList();
        var primary = shard.Primary;
        var term = shard.Term;
        var next = shard.NewReplicaNumber();

        // 0. A silo that restarted at the same address finds its replicas again (those being built start over elsewhere). An
        // in-sync one is still in sync: a write acknowledged while it was down would have dropped it from the set first.
        for (var i = 0; i < replicas.Count; i++)
        {
            var replica = replicas[i];
            if (!context.IsLive(replica.Silo) && !replica.Recovering && context.Revived(replica.Silo) is { } again
                && !replicas.Any(other => other.Silo.Equals(again)))
            {
                replicas[i] = replica with { Silo = again };
            }
        }

        // 1. The primary's silo is gone: the in-sync replica that has applied the most writes takes over, in a higher term.
        if (!context.IsLive(Find(replicas, primary).Silo))
        {
            var successor = replicas
                .Where(r => r.Replica != primary && r.InSync && context.IsLive(r.Silo))
                .OrderByDescending(r => sequences?.GetValueOrDefault(r.Replica, -1) ?? -1)
                .ThenBy(r => r.Replica)
                .FirstOrDefault();
            if (successor is not null)
            {
                (primary, term) = Promote(replicas, primary, successor.Replica, term, keepOldInSync: false, context, actions);
            }
        }

        // 2. Replicas of dead silos: forgotten, except the last in-sync ones (a shard with no live in-sync replica keeps them, and
        // is named missing by searches until one comes back).
        var liveInSync = replicas.Count(r => r.InSync && context.IsLive(r.Silo));
        replicas.RemoveAll(r => !context.IsLive(r.Silo) && r.Replica != primary && (!r.InSync || r.Recovering || liveInSync > 0));

        // 3. Live replicas out of the in-sync set and not being built (a write failed on them): dropped, to be rebuilt.
        foreach (var failed in replicas.Where(r => context.IsLive(r.Silo) && !r.InSync && !r.Recovering && r.Replica != primary).ToList())
        {
            replicas.Remove(failed);
            actions.Add(new RepairAction(RepairActionKind.Drop, failed, Failed: true));
            Unload(context, failed);
        }

        // 4. A leaving primary hands over once enough replicas stay behind in sync; a leaving backup is then dropped.
        var staying = replicas.Where(r => r.InSync && context.IsLive(r.Silo) && !context.IsLeaving(r)).OrderBy(r => r.Replica).ToList();
        var current = Find(replicas, primary);
        if (context.IsLive(current.Silo) && context.IsLeaving(current) && staying.Count >= replicationFactor)
        {
            (primary, term) = Promote(replicas, primary, staying[0].Replica, term, keepOldInSync: true, context, actions);
        }

        foreach (var leaving in replicas.Where(r => r.Replica != primary && context.IsLive(r.Silo) && context.IsLeaving(r)).ToList())
        {
            if (staying.Count >= replicationFactor || leaving.Recovering)
            {
                replicas.Remove(leaving);
                actions.Add(new RepairAction(RepairActionKind.Drop, leaving));
                Unload(context, leaving);
            }
        }

        // 5. More in-sync replicas than asked for (one came back): the newest backups go.
        foreach (var extra in staying.Where(r => r.Replica != primary).OrderByDescending(r => r.Replica).Take(Math.Max(0, staying.Count - replicationFactor)))
        {
            replicas.Remove(extra);
            actions.Add(new RepairAction(RepairActionKind.Drop, extra));
            Unload(context, extra);
        }

        // 6. Too few live replicas: a new one on the least loaded silo that holds none of this shard, built from the primary.
        var head = Find(replicas, primary);
        var live = replicas.Count(r => context.IsLive(r.Silo) && (r.InSync || r.Recovering) && !context.IsLeaving(r));
        if (live < replicationFactor && head.InSync && context.IsLive(head.Silo) && !replicas.Any(r => r.Recovering))
        {
            var target = context.Active
                .Where(silo => context.CanHost(silo) && !replicas.Any(r => r.Silo.Equals(silo)) && !context.CoolingDown(collection, shard.Shard, silo))
                .OrderBy(silo => context.Load.GetValueOrDefault(silo))
                .ThenBy(silo => silo.ToParsableString(), StringComparer.Ordinal)
                .FirstOrDefault();
            if (target is not null)
            {
                var built = new ReplicaPlacement { Replica = next++, Silo = target, InSync = false, Recovering = true };
                replicas.Add(built);
                actions.Add(new RepairAction(RepairActionKind.Recover, built, head, term));
                context.Load[target] = context.Load.GetValueOrDefault(target) + 1;
                context.MoveInFlight = true;
            }
        }
        else if (context.Rebalance && !context.MoveInFlight && !replicas.Any(r => r.Recovering || r.Leaving))
        {
            // 7. Balancing after a join: a replica on a silo holding two or more replicas more than the least loaded silo leaves it
            // (step 6 of a later round builds its replacement on the least loaded silo that holds none of this shard).
            var lightest = context.Active.Where(context.CanHost).OrderBy(silo => context.Load.GetValueOrDefault(silo))
                .ThenBy(silo => silo.ToParsableString(), StringComparer.Ordinal).FirstOrDefault();
            if (lightest is not null && !replicas.Any(r => r.Silo.Equals(lightest)))
            {
                var floor = context.Load.GetValueOrDefault(lightest);
                var mover = replicas
                    .Where(r => r.InSync && context.IsLive(r.Silo) && context.Load.GetValueOrDefault(r.Silo) >= floor + 2)
                    .OrderByDescending(r => context.Load.GetValueOrDefault(r.Silo))
                    .ThenBy(r => r.Replica == primary ? 1 : 0)
                    .FirstOrDefault();
                if (mover is not null)
                {
                    replicas[replicas.IndexOf(mover)] = mover with { Leaving = true };
                    context.MoveInFlight = true;
                }
            }
        }

        var changed = primary != shard.Primary || term != shard.Term || replicas.Count != shard.Replicas.Count
            || replicas.Where((r, i) => !r.Equals(shard.Replicas[i])).Any();
        return (changed ? shard with { Primary = primary, Term = term, Replicas = replicas, NextReplica = next } : shard, actions);
    }

    /// <summary>Makes <paramref name="successor"/> (in sync) the primary in a higher term. Replicas being built follow the old
    /// primary's forwarded writes, so they are dropped (and built again from the new one). The in-sync replicas are told the term,
    /// so that they refuse the old primary's writes from then on.</summary>
    private static (int Primary, long Term) Promote(
        List<ReplicaPlacement> replicas, int old, int successor, long term, bool keepOldInSync, RepairContext context, List<RepairAction> actions)
    {
        var raised = term + 1;
        for (var i = replicas.Count - 1; i >= 0; i--)
        {
            var replica = replicas[i];
            if (replica.Recovering)
            {
                replicas.RemoveAt(i);
                if (context.IsLive(replica.Silo))
                {
                    actions.Add(new RepairAction(RepairActionKind.Drop, replica));
                    Unload(context, replica);
                }
            }
            else if (replica.Replica == old && !keepOldInSync)
            {
                replicas[i] = replica with { InSync = false };
            }
        }

        foreach (var holder in replicas.Where(r => r.InSync && context.IsLive(r.Silo)))
        {
            actions.Add(new RepairAction(RepairActionKind.AdoptTerm, holder, Term: raised));
        }

        return (successor, raised);
    }

    private static ReplicaPlacement Find(List<ReplicaPlacement> replicas, int replica) => replicas.First(r => r.Replica == replica);

    private static void Unload(RepairContext context, ReplicaPlacement replica)
    {
        if (context.Load.TryGetValue(replica.Silo, out var load) && !context.IsLeaving(replica))
        {
            context.Load[replica.Silo] = load - 1;
        }
    }
}
