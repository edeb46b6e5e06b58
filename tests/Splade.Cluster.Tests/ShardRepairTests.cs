using System.Net;
using CsCheck;
using Orleans.Runtime;
using Splade.Cluster.Repair;
using Splade.Cluster.Wire;

namespace Splade.Cluster.Tests;

/// <summary>The shard repair plan on random shards (replicas in every state, on live, dead and draining silos, any replication
/// factor): whatever it decides keeps the guarantees the in-sync set rests on.</summary>
public sealed class ShardRepairTests
{
    private static readonly SiloAddress[] Silos =
        [.. Enumerable.Range(0, 5).Select(i => SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11111 + i), 1))];

    /// <summary>The same machines restarted (a new generation at the same address).</summary>
    private static readonly SiloAddress[] Restarted =
        [.. Enumerable.Range(0, 5).Select(i => SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11111 + i), 2))];

    [Fact]
    public void A_repair_never_adds_to_the_in_sync_set_never_shares_a_silo_and_keeps_the_last_in_sync_replica()
    {
        var replica = Gen.Select(Gen.Bool, Gen.Int[0, 3], Gen.Bool, Gen.Long[0, 20]);
        var placement = Gen.Select(Gen.Shuffle(Enumerable.Range(0, 5).ToArray()), Gen.Int[1, 4]).Select((order, count) => order.Take(count).ToArray());
        var shard = Gen.Select(placement, replica.Array[4], Gen.Int[0, 3], Gen.Long[1, 5]);
        var cluster = Gen.Select(Gen.Int[0, 2].Array[5], Gen.Bool.Array[5], Gen.Int[1, 3], Gen.Bool, Gen.Int[0, 3].Array[5]);
        Gen.Select(shard, cluster).Sample(pair =>
        {
            var ((silos, states, primaryIndex, term), (live, draining, factor, rebalance, loads)) = pair;
            var replicas = silos.Select((silo, i) => new ReplicaPlacement
            {
                Replica = i * 2,
                Silo = Silos[silo],
                InSync = states[i].Item1,
                Recovering = !states[i].Item1 && states[i].Item2 == 0,
                Leaving = states[i].Item3,
            }).ToList();
            var primary = replicas[primaryIndex % replicas.Count];
            replicas[replicas.IndexOf(primary)] = primary = primary with { InSync = true, Recovering = false };
            var input = new ShardAssignment { Shard = 0, Primary = primary.Replica, Term = term, Replicas = replicas };
            // Each machine is down (0), up (1), or restarted at the same address (2).
            var active = Enumerable.Range(0, 5).Where(i => live[i] > 0).Select(i => live[i] == 1 ? Silos[i] : Restarted[i]).ToList();
            var context = new RepairContext
            {
                Active = [.. active],
                Draining = [.. active.Where((_, i) => draining[i])],
                Load = active.Select((silo, i) => (silo, i)).ToDictionary(x => x.silo, x => loads[x.i]),
                Revived = silo => active.FirstOrDefault(other => other.Endpoint.Equals(silo.Endpoint) && !other.Equals(silo)),
                Rebalance = rebalance,
            };
            var sequences = replicas.ToDictionary(r => r.Replica, r => states[replicas.IndexOf(r)].Item4);

            var (output, actions) = ShardRepair.Plan("c", factor, input, context, sequences);

            var before = input.Replicas.ToDictionary(r => r.Replica);
            Assert.Equal(output.Replicas.Count, output.Replicas.Select(r => r.Silo).Distinct().Count());
            Assert.Contains(output.Replicas, r => r.Replica == output.Primary);
            foreach (var r in output.Replicas)
            {
                if (before.TryGetValue(r.Replica, out var old))
                {
                    Assert.True(!r.InSync || old.InSync, "a replica joined the in-sync set without its primary's confirmation");
                    Assert.True(old.Silo.Equals(r.Silo) || (!context.IsLive(old.Silo) && context.IsLive(r.Silo) && !old.Recovering
                        && old.Silo.Endpoint.Equals(r.Silo.Endpoint)), "a replica moved to another machine without being rebuilt");
                }
                else
                {
                    Assert.True(r.Recovering && !r.InSync && context.CanHost(r.Silo) && r.Replica >= input.NewReplicaNumber());
                    Assert.Contains(actions, a => a.Kind == RepairActionKind.Recover && a.Replica == r);
                }
            }

            if (output.Primary != input.Primary)
            {
                Assert.True(output.Term > input.Term);
                Assert.True(before[output.Primary].InSync && context.IsLive(output.Replicas.First(r => r.Replica == output.Primary).Silo));
                Assert.DoesNotContain(output.Replicas, r => r.Recovering && before.ContainsKey(r.Replica));
            }
            else
            {
                Assert.Equal(input.Term, output.Term);
            }

            Assert.Contains(output.Replicas, r => r.InSync);
            if (input.Replicas.Any(r => r.InSync && context.IsLive(r.Silo)))
            {
                Assert.Contains(output.Replicas, r => r.InSync && context.IsLive(r.Silo));
            }

            foreach (var gone in input.Replicas.Where(r => output.Replicas.All(o => o.Replica != r.Replica) && context.IsLive(r.Silo)))
            {
                Assert.Contains(actions, a => a.Kind == RepairActionKind.Drop && a.Replica.Replica == gone.Replica);
            }
        }, iter: 20_000, threads: 1);
    }
}
