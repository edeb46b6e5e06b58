using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.Runtime;
using Splade.Bench.CommandLine;
using Splade.Cluster.Routing;
using Splade.Cluster.Wire;
using Splade.Server.Storage;

namespace Splade.Bench.Cluster;

/// <summary>Benchmark "cluster-copy": how fast the cluster copies replicas. A collection is loaded on three silo processes; one is
/// killed and each of its replicas is rebuilt on a survivor (a replica rebuild), then a fourth silo joins and replicas move onto it
/// (copy, catch up, switch). For every replica built: the time from its placement in the shard map to its return to the in-sync set,
/// the bytes and documents it holds, and the resulting MB/s and documents/s; with the machine's load average while measured.</summary>
/// <remarks>The figures are end to end, as an operator sees them: the repair round that places the replica (every second), the
/// primary's checkpoint and snapshot, the copy in 1 MiB chunks over loopback grain calls, the fsyncs, opening the copy, the
/// catch-up and the confirmation. No writes or queries run meanwhile. There is no peer: the figure replaces an assumption in
/// docs/scale.md (200 MB/s).</remarks>
internal static class ClusterCopyBenchmark
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    public static Command Create()
    {
        var documents = BenchOption.Int("--documents", 100_000, "Synthetic documents in the collection.", 1000);
        var shards = BenchOption.Int("--shards", 4, "shard_number of the collection (replication_factor 2).", 1, ShardingSpec.MaxShards);
        var timeout = BenchOption.Int("--timeout", 600, "Seconds each phase may take before the benchmark gives up.", 10);
        var command = new Command("cluster-copy", "Replica rebuild after a silo dies and replicas moved onto a joining silo: time from "
            + "placement to in-sync, MB/s and documents/s per replica.")
        {
            documents, shards, timeout,
        };
        command.SetAction((parse, cancellation) => RunAsync(
            parse.GetValue(documents), parse.GetValue(shards), TimeSpan.FromSeconds(parse.GetValue(timeout)), cancellation));
        return command;
    }

    private static async Task<int> RunAsync(int documents, int shards, TimeSpan timeout, CancellationToken cancellation)
    {
        BenchCluster? running = null;
        using var interrupted = cancellation.Register(() => Volatile.Read(ref running)?.Kill());
        var loadAtStart = ClusterBenchmark.LoadAverage();
        var workload = new ClusterWorkload(documents, 10);
        var perShard = new long[shards];
        for (var id = 0; id < documents; id++)
        {
            perShard[ShardRouter.ShardOf(PointId.FromNumber((ulong)id), shards)]++;
        }

        var folder = Directory.CreateTempSubdirectory("splade-bench-cluster-copy-").FullName;
        try
        {
            var cluster = await BenchCluster.StartAsync(folder, 3).ConfigureAwait(false);
            Volatile.Write(ref running, cluster);
            await using (cluster.ConfigureAwait(false))
            {
                const string name = "copy";
                var map = await cluster.CreateAsync(name, shards, 2, ClusterWorkload.Config).ConfigureAwait(false);
                var load = await workload.LoadAsync(points => cluster.Collections.UpsertAsync(name, points)).ConfigureAwait(false);
                Log($"loaded {documents} documents in {load:F1} s");

                // A rebuild: the silo holding the most replicas dies; each of its replicas is built again on a survivor.
                var victim = map.Shards.SelectMany(shard => shard.Replicas).GroupBy(replica => replica.Silo)
                    .OrderByDescending(group => group.Count()).First().Key;
                var victimIndex = Enumerable.Range(0, 3).First(i => cluster.FolderOf(victim) == Path.Combine(folder, $"silo{i}"));
                var loadBeforeRebuild = ClusterBenchmark.LoadAverage();
                cluster.KillSilo(victimIndex);
                var killed = Stopwatch.StartNew();
                var rebuilds = await WatchAsync(cluster, name, perShard, timeout, done: current => current.Shards.All(shard =>
                    shard.Replicas.Count(r => r.InSync && !r.Silo.Equals(victim)) == 2 && !shard.Replicas.Any(r => r.Recovering))).ConfigureAwait(false);
                var rebuildSeconds = killed.Elapsed.TotalSeconds;
                Log($"rebuilt {rebuilds.Count} replica(s) {rebuildSeconds:F1} s after the kill");

                // A join: a fourth silo starts and replicas move onto it, one at a time, until loads differ by at most one.
                var loadBeforeJoin = ClusterBenchmark.LoadAverage();
                var joined = Stopwatch.StartNew();
                await cluster.AddSiloAsync().ConfigureAwait(false);
                var newcomerFolder = Path.Combine(folder, "silo3");
                var moves = await WatchAsync(cluster, name, perShard, timeout, done: current =>
                {
                    var loads = current.Shards.SelectMany(shard => shard.Replicas).Where(r => !r.Silo.Equals(victim))
                        .GroupBy(r => cluster.FolderOf(r.Silo)).ToDictionary(group => group.Key, group => group.Count());
                    return loads.ContainsKey(newcomerFolder) && loads.Values.Max() - loads.Values.Min() <= 1
                        && current.Shards.All(shard => !shard.Replicas.Any(r => r.Recovering || r.Leaving));
                }).ConfigureAwait(false);
                var joinSeconds = joined.Elapsed.TotalSeconds;
                Log($"moved {moves.Count} replica(s) onto the new silo within {joinSeconds:F1} s of its start");

                var result = new JsonObject
                {
                    ["benchmark"] = "cluster-copy",
                    ["data"] = "synthetic SPLADE-like corpus (SyntheticSpladeCorpus, seed 42), one sparse vector per point",
                    ["machine"] = $"{Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}",
                    ["load_average_at_start"] = loadAtStart,
                    ["load_average_before_rebuild"] = loadBeforeRebuild,
                    ["load_average_before_join"] = loadBeforeJoin,
                    ["load_average_at_end"] = ClusterBenchmark.LoadAverage(),
                    ["documents"] = documents,
                    ["shard_number"] = shards,
                    ["replication_factor"] = 2,
                    ["load_seconds"] = Math.Round(load, 2),
                    ["method"] = "Three silo processes of this benchmark on one machine (Redis membership, loopback, Orleans' default failure "
                        + "detection). The shard map is read every 100 ms; a replica's time runs from the first read that shows it placed "
                        + "(recovering) to the first that shows it in sync, so it includes the repair round, the primary's checkpoint and "
                        + "snapshot, the copy in 1 MiB chunks, the fsyncs, the catch-up and the confirmation (±0.1 s). Bytes are the "
                        + "replica's folder once in sync. No writes or queries run meanwhile. MB are 10^6 bytes.",
                    ["rebuild"] = Phase(rebuilds, rebuildSeconds, "seconds from the kill until every shard had two in-sync replicas "
                        + "on the survivors (failure detection included)"),
                    ["join"] = Phase(moves, joinSeconds, "seconds from starting the fourth silo until loads differed by at most one "
                        + "(its start and join included)"),
                };
                Console.Out.WriteLine(result.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            }

            Volatile.Write(ref running, null);
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Reads the map every <see cref="Poll"/> until <paramref name="done"/>, timing each replica from placement to in-sync.</summary>
    private static async Task<List<JsonObject>> WatchAsync(
        BenchCluster cluster, string name, long[] perShard, TimeSpan timeout, Func<CollectionShardMap, bool> done)
    {
        var clock = Stopwatch.StartNew();
        var placed = new Dictionary<(int Shard, int Replica), TimeSpan>();
        var built = new List<JsonObject>();
        while (true)
        {
            var map = await cluster.Collections.GetAsync(name).ConfigureAwait(false);
            foreach (var shard in map.Shards)
            {
                foreach (var replica in shard.Replicas)
                {
                    var key = (shard.Shard, replica.Replica);
                    if (replica.Recovering)
                    {
                        placed.TryAdd(key, clock.Elapsed);
                    }
                    else if (replica.InSync && placed.Remove(key, out var at))
                    {
                        var seconds = (clock.Elapsed - at).TotalSeconds;
                        var bytes = ClusterWorkload.DiskBytes(Path.Combine(cluster.FolderOf(replica.Silo), "replicas", name,
                            string.Create(CultureInfo.InvariantCulture, $"{shard.Shard}-{replica.Replica}"))).Total;
                        built.Add(new JsonObject
                        {
                            ["shard"] = shard.Shard,
                            ["replica"] = replica.Replica,
                            ["documents"] = perShard[shard.Shard],
                            ["bytes"] = bytes,
                            ["seconds_placement_to_in_sync"] = Math.Round(seconds, 2),
                            ["mb_per_second"] = Math.Round(bytes / 1e6 / seconds, 1),
                            ["documents_per_second"] = Math.Round(perShard[shard.Shard] / seconds, 0),
                        });
                        Log($"shard {shard.Shard} replica {replica.Replica}: {bytes / 1e6:F1} MB in sync {seconds:F1} s after placement");
                    }
                }
            }

            if (placed.Count == 0 && built.Count > 0 && done(map))
            {
                return built;
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"the copies did not finish within {timeout.TotalSeconds:F0} s");
            }

            await Task.Delay(Poll).ConfigureAwait(false);
        }
    }

    private static JsonObject Phase(List<JsonObject> replicas, double wall, string wallMeaning)
    {
        var bytes = replicas.Sum(r => r["bytes"]!.GetValue<long>());
        var documents = replicas.Sum(r => r["documents"]!.GetValue<long>());
        var seconds = replicas.Select(r => r["seconds_placement_to_in_sync"]!.GetValue<double>()).ToList();
        return new JsonObject
        {
            ["replicas"] = new JsonArray([.. replicas]),
            ["replicas_built"] = replicas.Count,
            ["bytes"] = bytes,
            ["documents"] = documents,
            ["mb_per_second_per_replica_median"] = Median(replicas.Select(r => r["mb_per_second"]!.GetValue<double>())),
            ["documents_per_second_per_replica_median"] = Median(replicas.Select(r => r["documents_per_second"]!.GetValue<double>())),
            ["seconds_placement_to_in_sync_max"] = seconds.Count > 0 ? seconds.Max() : null,
            ["wall_seconds"] = Math.Round(wall, 1),
            ["wall_seconds_meaning"] = wallMeaning,
        };
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static void Log(string message) => Console.Error.WriteLine($"cluster-copy: {message}");
}
