using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Splade.Bench.CommandLine;
using Splade.Bench.Serve;
using Splade.Cluster.Grains;
using Splade.Cluster.Routing;
using Splade.Cluster.Wire;
using Splade.Server.Storage;

namespace Splade.Bench.Cluster;

/// <summary>Benchmark "cluster": one synthetic sparse collection sharded over 1, 2 and 3 silo processes on this machine (Redis
/// membership, as deployed), queried by concurrent clients through an Orleans client, against the same queries on a single-machine
/// collection holding the same points in this process (the peer: the server's own <see cref="Collection"/>, no network).</summary>
/// <remarks>
/// Per configuration (silos, replication factor): load time, queries per second and p50/p99 latency with <c>--clients</c> clients
/// and with one client, best of <c>--rounds</c> rounds alternating with the peer's (each side warmed up first), whether the
/// cluster's top 10 equals the single machine's (ids and scores, ties by point id), and the disk and resident memory the loaded
/// replicas cost, per document, scaled to a million.
/// </remarks>
internal static partial class ClusterBenchmark
{
    private const int K = 10;
    private static readonly string[] Schedule = ["search"];

    public static Command Create()
    {
        var documents = BenchOption.Int("--documents", 100_000, "Synthetic documents in the collection.", 1000);
        var shards = BenchOption.Int("--shards", 6, "shard_number of the sharded collection.", 1, ShardingSpec.MaxShards);
        var silos = BenchOption.IntList("--silos", [1, 2, 3], "Silo counts measured (each a fresh cluster).");
        var replication = BenchOption.IntList("--replication", [1, 2], "replication_factor values measured, each with the silo counts that can hold it.");
        var clients = BenchOption.Int("--clients", 8, "Concurrent clients of the throughput rounds.");
        var seconds = BenchOption.Int("--seconds", 3, "Length of each measured round.");
        var rounds = BenchOption.Int("--rounds", 3, "Measured rounds per side, mode and configuration; the best is reported.");
        var warmup = BenchOption.Int("--warmup", 3, "Seconds of unmeasured queries per side before a configuration's rounds.", 0);
        var queries = BenchOption.Int("--queries", 1000, "Distinct queries, sent in turn.", 10);
        var check = BenchOption.Int("--check", 200, "Queries whose top 10 is compared with the single machine's.", 0);
        var approximate = BenchOption.Flag("--approximate",
            "Give the sharded collection's vector an approximate index (default knobs), checkpoint it once loaded, and report the recall@10 "
            + "of its answers against the single machine's exact ones and its queries per second beside exact search (params exact).");
        var command = new Command("cluster", "A sharded collection on 1, 2 and 3 silo processes against a single-machine collection: "
            + "queries per second, p50/p99, equal top 10, disk and memory per million documents.")
        {
            documents, shards, silos, replication, clients, seconds, rounds, warmup, queries, check, approximate,
        };
        command.SetAction((parse, cancellation) => RunAsync(new Settings(
            parse.GetValue(documents), parse.GetValue(shards), parse.GetValue(silos)!, parse.GetValue(replication)!, parse.GetValue(clients),
            TimeSpan.FromSeconds(parse.GetValue(seconds)), parse.GetValue(rounds), TimeSpan.FromSeconds(parse.GetValue(warmup)),
            parse.GetValue(queries), parse.GetValue(check), parse.GetValue(approximate)), cancellation));
        return command;
    }

    private static async Task<int> RunAsync(Settings settings, CancellationToken cancellation)
    {
        // Interrupted (Ctrl+C, SIGTERM): the running cluster's silos and Redis are killed, so that none outlives the benchmark.
        BenchCluster? running = null;
        using var interrupted = cancellation.Register(() => Volatile.Read(ref running)?.Kill());
        // The peer's clients block pool threads; enough of them from the start, so that neither side waits for thread injection.
        ThreadPool.GetMinThreads(out var workers, out var completion);
        ThreadPool.SetMinThreads(Math.Max(workers, (2 * settings.Clients) + 8), completion);
        var loadAtStart = LoadAverage();
        var workload = new ClusterWorkload(settings.Documents, settings.Queries);
        var folder = Directory.CreateTempSubdirectory("splade-bench-cluster-").FullName;
        try
        {
            var peerFolder = Path.Combine(folder, "peer");
            var peerBefore = OwnMemory();
            Collection.Initialize(peerFolder, ClusterWorkload.Config.WithVectorFolders());
            using var peer = Collection.Open("peer", peerFolder);
            var peerLoad = await workload.LoadAsync(points => peer.UpsertAsync(points)).ConfigureAwait(false);
            Log($"single machine loaded {workload.Documents} documents in {peerLoad:F1} s");
            var peerAfterLoad = OwnMemory();
            var peerDisk = ClusterWorkload.DiskBytes(peerFolder);
            var expected = Enumerable.Range(0, Math.Min(settings.Check, workload.Queries)).Select(i => ShardSearcher.Search(peer, new ShardSearch
            {
                Using = ClusterWorkload.Vector, Vector = WireVector.From(workload.Query(i)), Limit = K,
            })).ToList();
            var plan = new QueryPlan { Limit = K };
            var options = new QueryOptions(0, PayloadSelector.None, VectorSelector.None);
            ValueTask PeerSearch(string kind, long sequence)
            {
                peer.Query(plan with { Query = new NearestQuery(ClusterWorkload.Vector, workload.Query(sequence)) }, options);
                return ValueTask.CompletedTask;
            }

            var configurations = new JsonArray();
            foreach (var silos in settings.Silos)
            {
                var measured = new List<JsonObject>();
                var cluster = await BenchCluster.StartAsync(Path.Combine(folder, $"cluster-{silos}"), silos).ConfigureAwait(false);
                Volatile.Write(ref running, cluster);
                await using (cluster.ConfigureAwait(false))
                {
                    foreach (var replication in settings.Replication.Where(r => r <= silos))
                    {
                        measured.Add(await MeasureAsync(cluster, replication, settings, workload, expected, PeerSearch).ConfigureAwait(false));
                    }
                }

                Volatile.Write(ref running, null);

                // The silos stopped gracefully: every replica checkpointed (indexes flushed, log retired), as a restart finds it.
                foreach (var configuration in measured)
                {
                    var (disk, log) = cluster.DiskBytes(configuration["collection"]!.GetValue<string>());
                    var replication = configuration["replication_factor"]!.GetValue<int>();
                    configuration["disk_after_graceful_stop"] = Disk(disk, log, workload.Documents, replication);
                    configurations.Add(configuration);
                }
            }

            await peer.CheckpointAsync().ConfigureAwait(false);
            var peerDiskCheckpointed = ClusterWorkload.DiskBytes(peerFolder);
            var result = new JsonObject
            {
                ["benchmark"] = "cluster",
                ["data"] = "synthetic SPLADE-like corpus (SyntheticSpladeCorpus, MS MARCO statistics, seed 42), one sparse vector per point",
                ["machine"] = $"{Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}",
                ["processor_count"] = Environment.ProcessorCount,
                ["load_average_at_start"] = loadAtStart,
                ["load_average_at_end"] = LoadAverage(),
                ["documents"] = workload.Documents,
                ["postings"] = workload.Postings,
                ["shard_number"] = settings.Shards,
                ["write_consistency_factor"] = 1,
                ["clients"] = settings.Clients,
                ["round_seconds"] = settings.Round.TotalSeconds,
                ["rounds"] = settings.Rounds,
                ["warmup_seconds"] = settings.Warmup.TotalSeconds,
                ["queries"] = workload.Queries,
                ["k"] = K,
                ["method"] = "Silos are separate processes of this benchmark (ClusterHost.BuildSilo, Redis membership and shard map, loopback); "
                    + "queries go through an Orleans client in this process (ClusterCollections.SearchAsync: shard map read, fan-out to one "
                    + "replica of every shard, merge). The peer is the server's single-machine Collection in this process, queried directly "
                    + "(Collection.Query, no network). Each configuration warms both sides, then alternates peer and cluster rounds; the best "
                    + "round of each is reported and the ratios are the cluster's figure over the peer's from the same configuration. "
                    + "Per-million figures are scaled linearly from the measured documents.",
                ["peer"] = new JsonObject
                {
                    ["kind"] = "single-machine Collection in process",
                    ["load_seconds"] = Math.Round(peerLoad, 2),
                    ["load_documents_per_second"] = Math.Round(workload.Documents / peerLoad, 1),
                    ["disk_after_load"] = Disk(peerDisk.Total, peerDisk.Log, workload.Documents, 1),
                    ["disk_after_checkpoint"] = Disk(peerDiskCheckpointed.Total, peerDiskCheckpointed.Log, workload.Documents, 1),
                    ["memory"] = new JsonObject
                    {
                        ["measured"] = "this process's resident set and managed heap after a full compacting garbage collection, before "
                            + "creating the collection and after loading it (before any silo or client started)",
                        ["resident_increase_after_load_per_million_documents_scaled"] =
                            PerMillion(peerAfterLoad.Resident - peerBefore.Resident, workload.Documents),
                        ["managed_increase_after_load_per_million_documents_scaled"] =
                            PerMillion(peerAfterLoad.Managed - peerBefore.Managed, workload.Documents),
                    },
                },
                ["configurations"] = configurations,
            };
            Console.Out.WriteLine(result.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return configurations.All(c => c!["top10_equal"]!.GetValue<bool>()) ? 0 : 1;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<JsonObject> MeasureAsync(BenchCluster cluster, int replication, Settings settings, ClusterWorkload workload,
        List<IReadOnlyList<ShardHit>> expected, Func<string, long, ValueTask> peerSearch)
    {
        var name = $"rf{replication}";
        var before = await cluster.MeasureMemoryAsync().ConfigureAwait(false);
        var map = await cluster.CreateAsync(name, settings.Shards, replication, settings.Approximate ? ApproximateWorkloadConfig : ClusterWorkload.Config)
            .ConfigureAwait(false);
        var load = await workload.LoadAsync(points => cluster.Collections.UpsertAsync(name, points)).ConfigureAwait(false);
        Log($"{cluster.Silos} silo(s), replication {replication}: loaded {workload.Documents} documents in {load:F1} s");
        if (settings.Approximate)
        {
            // Loaded points wait in each replica's buffer (searched exactly) until a checkpoint seals them into a segment with its
            // approximate index.
            await cluster.Collections.CheckpointAsync(name).ConfigureAwait(false);
        }

        var after = await cluster.MeasureMemoryAsync().ConfigureAwait(false);
        var (disk, log) = cluster.DiskBytes(name);
        var count = (await cluster.Collections.CountAsync(name).ConfigureAwait(false)).Count;
        var (mismatches, firstMismatch) = await CompareAsync(cluster.Collections, name, workload, expected).ConfigureAwait(false);
        var approximate = settings.Approximate ? await RecallAsync(cluster.Collections, name, workload, expected).ConfigureAwait(false) : null;

        async ValueTask Search(long sequence, SearchParams? parameters)
        {
            var search = new ClusterSearch(ClusterWorkload.Vector, workload.Query(sequence), K) { Params = parameters };
            var result = await cluster.Collections.SearchAsync(name, search).ConfigureAwait(false);
            if (!result.Complete)
            {
                throw new InvalidOperationException($"shards {string.Join(", ", result.MissingShards)} did not answer");
            }
        }

        ValueTask SearchCluster(string kind, long sequence) => Search(sequence, null);
        ValueTask SearchClusterExactly(string kind, long sequence) => Search(sequence, Exact);

        var loadAverage = LoadAverage();
        LoadDriver.Run(Schedule, settings.Clients, settings.Warmup, peerSearch);
        LoadDriver.Run(Schedule, settings.Clients, settings.Warmup, SearchCluster);
        var peer = new Rounds();
        var ours = new Rounds();
        var exact = new Rounds();
        for (var round = 0; round < settings.Rounds; round++)
        {
            peer.Throughput.Add(Timed(OwnProcessorTime, () => LoadDriver.Run(Schedule, settings.Clients, settings.Round, peerSearch)));
            ours.Throughput.Add(Timed(() => cluster.ProcessorTime, () => LoadDriver.Run(Schedule, settings.Clients, settings.Round, SearchCluster)));
            peer.OneClient.Add(Timed(OwnProcessorTime, () => LoadDriver.Run(Schedule, 1, settings.Round, peerSearch)));
            ours.OneClient.Add(Timed(() => cluster.ProcessorTime, () => LoadDriver.Run(Schedule, 1, settings.Round, SearchCluster)));
            if (approximate is not null)
            {
                // The same cluster and collection searched exactly (params exact), in the same alternation.
                exact.Throughput.Add(Timed(
                    () => cluster.ProcessorTime, () => LoadDriver.Run(Schedule, settings.Clients, settings.Round, SearchClusterExactly)));
                exact.OneClient.Add(Timed(() => cluster.ProcessorTime, () => LoadDriver.Run(Schedule, 1, settings.Round, SearchClusterExactly)));
            }
        }

        var (peerBest, oursBest) = (peer.Best(), ours.Best());
        if (approximate is not null)
        {
            var exactBest = exact.Best();
            approximate["exact_on_cluster"] = exactBest;
            approximate["throughput_ratio_approximate_over_exact"] = Ratio(oursBest, exactBest, "throughput", "per_second");
            approximate["one_client_p50_ratio_approximate_over_exact"] = Ratio(oursBest, exactBest, "one_client", "p50_ms");
        }

        Log($"{cluster.Silos} silo(s), replication {replication}: {oursBest["throughput"]!["search"]!["per_second"]} q/s against the single "
            + $"machine's {peerBest["throughput"]!["search"]!["per_second"]}; top 10 equal on {expected.Count - mismatches} of {expected.Count} queries");
        var residentIncrease = after.Resident - before.Resident;
        return new JsonObject
        {
            ["collection"] = name,
            ["silos"] = cluster.Silos,
            ["replication_factor"] = replication,
            ["silos_holding_replicas"] = map.Shards.SelectMany(shard => shard.Replicas).Select(replica => replica.Silo).Distinct().Count(),
            ["points_counted"] = count,
            ["load_seconds"] = Math.Round(load, 2),
            ["load_documents_per_second"] = Math.Round(workload.Documents / load, 1),
            ["load_average_before_rounds"] = loadAverage,
            ["queries_checked"] = expected.Count,
            ["top10_mismatches"] = mismatches,
            ["top10_equal"] = mismatches == 0 && count == workload.Documents,
            ["first_mismatch"] = firstMismatch,
            ["approximate"] = approximate,
            ["cluster"] = oursBest,
            ["peer"] = peerBest,
            ["throughput_ratio"] = Ratio(oursBest, peerBest, "throughput", "per_second"),
            ["p50_ratio"] = Ratio(oursBest, peerBest, "throughput", "p50_ms"),
            ["p99_ratio"] = Ratio(oursBest, peerBest, "throughput", "p99_ms"),
            ["cpu_ms_per_query_ratio"] = Ratio(oursBest, peerBest, "throughput", "cpu_ms_per_query"),
            ["cpu_ms_added_per_query"] = Difference(oursBest, peerBest, "throughput", "cpu_ms_per_query"),
            ["cpu_ms_added_per_shard_call"] = Difference(oursBest, peerBest, "throughput", "cpu_ms_per_query") is { } added
                ? Math.Round(added.GetValue<double>() / settings.Shards, 4) : null,
            ["one_client_p50_added_ms"] = Difference(oursBest, peerBest, "one_client", "p50_ms"),
            ["one_client_p99_added_ms"] = Difference(oursBest, peerBest, "one_client", "p99_ms"),
            ["disk_after_load"] = Disk(disk, log, workload.Documents, replication),
            ["memory"] = new JsonObject
            {
                ["measured"] = "sum over silos of the resident set after a full compacting garbage collection, before creating and after "
                    + "loading this collection",
                ["resident_bytes_before"] = before.Resident,
                ["resident_bytes_after_load"] = after.Resident,
                ["managed_heap_bytes_before"] = before.Managed,
                ["managed_heap_bytes_after_load"] = after.Managed,
                ["resident_increase_per_million_documents_scaled"] = PerMillion(residentIncrease, workload.Documents),
                ["resident_increase_per_million_replica_documents_scaled"] = PerMillion(residentIncrease, (long)workload.Documents * replication),
                ["managed_increase_per_million_documents_scaled"] = PerMillion(after.Managed - before.Managed, workload.Documents),
            },
        };
    }

    /// <summary>Compares the cluster's exact top 10 (params exact) of the first queries with the single machine's (ids and scores,
    /// exactly).</summary>
    private static async Task<(int Mismatches, string? First)> CompareAsync(
        ClusterCollections collections, string name, ClusterWorkload workload, List<IReadOnlyList<ShardHit>> expected)
    {
        var mismatches = 0;
        string? first = null;
        for (var i = 0; i < expected.Count; i++)
        {
            var result = await collections.SearchAsync(name, new ClusterSearch(ClusterWorkload.Vector, workload.Query(i), K) { Params = Exact })
                .ConfigureAwait(false);
            var equal = result.Complete && result.Hits.Count == expected[i].Count;
            for (var j = 0; equal && j < result.Hits.Count; j++)
            {
                equal = result.Hits[j].Id.ToEngineId() == expected[i][j].Id && result.Hits[j].Score.Equals(expected[i][j].Score);
            }

            if (!equal)
            {
                mismatches++;
                first ??= string.Create(CultureInfo.InvariantCulture,
                    $"query {i}: cluster [{string.Join(", ", result.Hits.Select(h => $"{h.Id}:{h.Score}"))}] single machine "
                    + $"[{string.Join(", ", expected[i].Select(h => $"{h.Id}:{h.Score}"))}] missing shards [{string.Join(", ", result.MissingShards)}]");
            }
        }

        return (mismatches, first);
    }

    /// <summary>Runs a round and adds to its report the processor time it used per query (all processes of the side measured:
    /// this one for the single machine, this one and every silo for the cluster), a figure that other work on the machine
    /// disturbs far less than queries per second.</summary>
    private static JsonObject Timed(Func<TimeSpan> processorTime, Func<JsonObject> round)
    {
        var before = processorTime();
        var report = round();
        var used = processorTime() - before;
        var search = report["search"]!.AsObject();
        var operations = search["operations"]!.GetValue<int>();
        search["cpu_ms_per_query"] = operations > 0 ? Math.Round(used.TotalMilliseconds / operations, 4) : null;
        return report;
    }

    private static TimeSpan OwnProcessorTime()
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    private static JsonNode? Ratio(JsonObject ours, JsonObject peer, string mode, string figure)
    {
        var o = ours[mode]?["search"]?[figure]?.GetValue<double>();
        var p = peer[mode]?["search"]?[figure]?.GetValue<double>();
        return o is { } a && p is > 0 ? Math.Round(a / p.Value, 3) : null;
    }

    private static JsonNode? Difference(JsonObject ours, JsonObject peer, string mode, string figure)
    {
        var o = ours[mode]?["search"]?[figure]?.GetValue<double>();
        var p = peer[mode]?["search"]?[figure]?.GetValue<double>();
        return o is { } a && p is { } b ? Math.Round(a - b, 3) : null;
    }

    private static long PerMillion(long bytes, long documents) => (long)Math.Round(bytes * 1_000_000.0 / documents);

    private static JsonObject Disk(long total, long log, long documents, int replication) => new()
    {
        ["bytes"] = total,
        ["log_bytes"] = log,
        ["bytes_per_million_documents_scaled"] = PerMillion(total, documents),
        ["bytes_per_million_replica_documents_scaled"] = PerMillion(total, documents * replication),
    };

    /// <summary>This process's resident set and managed heap after a full, compacting garbage collection.</summary>
    private static (long Resident, long Managed) OwnMemory()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return (process.WorkingSet64, GC.GetTotalMemory(forceFullCollection: false));
    }

    /// <summary>The 1, 5 and 15 minute load averages (Linux), or null elsewhere.</summary>
    internal static JsonArray? LoadAverage()
    {
        if (!File.Exists("/proc/loadavg"))
        {
            return null;
        }

        var parts = File.ReadAllText("/proc/loadavg").Split(' ');
        return [.. parts.Take(3).Select(part => (JsonNode)double.Parse(part, CultureInfo.InvariantCulture))];
    }

    private static void Log(string message) => Console.Error.WriteLine($"cluster: {message}");

    private sealed record Settings(
        int Documents, int Shards, int[] Silos, int[] Replication, int Clients, TimeSpan Round, int Rounds, TimeSpan Warmup, int Queries, int Check,
        bool Approximate);

    /// <summary>One side's rounds: with every client, and with one client (latency without queueing).</summary>
    private sealed class Rounds
    {
        public List<JsonObject> Throughput { get; } = [];

        public List<JsonObject> OneClient { get; } = [];

        /// <summary>The round with the most queries per second of each mode, and every round's queries per second.</summary>
        public JsonObject Best() => new()
        {
            ["throughput"] = Pick(Throughput),
            ["one_client"] = Pick(OneClient),
            ["throughput_rounds_per_second"] = Series(Throughput),
            ["one_client_rounds_per_second"] = Series(OneClient),
            ["throughput_rounds_cpu_ms_per_query"] = Series(Throughput, "cpu_ms_per_query"),
        };

        private static JsonObject Pick(List<JsonObject> rounds)
            => (JsonObject)rounds.MaxBy(round => round["search"]!["per_second"]!.GetValue<double>())!.DeepClone();

        private static JsonArray Series(List<JsonObject> rounds, string figure = "per_second")
            => [.. rounds.Select(round => round["search"]![figure]?.DeepClone())];
    }
}
