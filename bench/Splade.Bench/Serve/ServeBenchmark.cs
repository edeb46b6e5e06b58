using System.CommandLine;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Splade.Bench.CommandLine;
using Splade.Index;

namespace Splade.Bench.Serve;

/// <summary>Benchmark "serve": <c>splade serve</c> as a process, driven over loopback by concurrent clients, against the same
/// work through the library in-process (the peer: the engine's <see cref="SparseIndex"/>, durable, on disk).</summary>
/// <remarks>
/// Both sides hold the same synthetic documents (a SPLADE-like sparse vector and a small dense vector each) and serve the same
/// operations: a query by sparse vector (top 10), a hybrid query (sparse and dense top <c>--depth</c>, fused by RRF, top 10), an
/// upsert of <c>--batch</c> new documents; the server also answers queries by text (encoded on the server with SPLADE), which
/// the peer does not run. Each side runs three phases of <c>--seconds</c> with <c>--clients</c> clients after a warm-up:
/// sparse queries alone, upserts alone, then the mix. Ratios are the server's figure over the peer's.
/// </remarks>
internal static class ServeBenchmark
{
    private static readonly string[] ServerMix = ["sparse", "sparse", "text", "hybrid", "upsert"];
    private static readonly string[] PeerMix = ["sparse", "sparse", "hybrid", "upsert"];

    public static Command Create()
    {
        var documents = BenchOption.Int("--documents", 100_000, "Synthetic documents loaded before measuring.", 1000);
        var clients = BenchOption.Int("--clients", 8, "Concurrent clients (connections to the server; threads for the peer).");
        var seconds = BenchOption.Int("--seconds", 15, "Length of each measured phase.");
        var batch = BenchOption.Int("--batch", 100, "Documents per upsert.", 1, 10_000);
        var depth = BenchOption.Int("--depth", 50, "Depth of each side of a hybrid query.", 10, 1000);
        var dense = BenchOption.Int("--dense-size", 64, "Size of the dense vectors.", 2, 4096);
        var command = new Command("serve", "splade serve over loopback against the same work in-process: throughput, p50/p99 per kind, errors.")
        {
            documents, clients, seconds, batch, depth, dense,
        };
        command.SetAction(parse => Run(
            new ServeWorkload(parse.GetValue(documents), parse.GetValue(dense)),
            parse.GetValue(clients), TimeSpan.FromSeconds(parse.GetValue(seconds)), parse.GetValue(batch), parse.GetValue(depth)));
        return command;
    }

    private static int Run(ServeWorkload workload, int clients, TimeSpan phase, int batch, int depth)
    {
        // The peer's clients block pool threads; enough of them from the start, so that neither side waits for thread injection.
        ThreadPool.GetMinThreads(out var workers, out var completion);
        ThreadPool.SetMinThreads(Math.Max(workers, 2 * clients + 4), completion);
        var folder = Directory.CreateTempSubdirectory("splade-bench-serve-").FullName;
        try
        {
            var server = MeasureServer(workload, Path.Combine(folder, "server"), clients, phase, batch, depth);
            var peer = MeasurePeer(workload, Path.Combine(folder, "peer"), clients, phase, batch, depth);
            var result = new JsonObject
            {
                ["benchmark"] = "serve",
                ["documents"] = workload.Documents,
                ["dense_size"] = workload.DenseSize,
                ["clients"] = clients,
                ["phase_seconds"] = phase.TotalSeconds,
                ["upsert_batch"] = batch,
                ["hybrid_depth"] = depth,
                ["processor_count"] = Environment.ProcessorCount,
                ["server"] = server,
                ["peer_in_process"] = peer,
                ["sparse_throughput_ratio"] = Ratio(server, peer, "sparse_only", "sparse"),
                ["sparse_throughput_target"] = 0.6,
                ["upsert_throughput_ratio"] = Ratio(server, peer, "upsert_only", "upsert"),
                ["upsert_throughput_target"] = 0.5,
                ["mixed_sparse_throughput_ratio"] = Ratio(server, peer, "mixed", "sparse"),
                ["mixed_hybrid_throughput_ratio"] = Ratio(server, peer, "mixed", "hybrid"),
                ["server_errors"] = server["sparse_only"]!["errors"]!.GetValue<int>() + server["upsert_only"]!["errors"]!.GetValue<int>()
                    + server["mixed"]!["errors"]!.GetValue<int>(),
            };
            Console.Out.WriteLine(result.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static JsonObject MeasureServer(ServeWorkload workload, string data, int clients, TimeSpan phase, int batch, int depth)
    {
        using var server = ServerChild.Start(data);
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients + 1, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var http = new HttpClient(handler) { BaseAddress = server.Address, Timeout = TimeSpan.FromMinutes(5) };
        Send(http, HttpMethod.Put, "/collections/bench",
            System.Text.Encoding.UTF8.GetBytes(new JsonObject
            {
                ["vectors"] = new JsonObject { ["d"] = new JsonObject { ["size"] = workload.DenseSize, ["distance"] = "Dot" } },
                ["sparse_vectors"] = new JsonObject { ["s"] = new JsonObject() },
            }.ToJsonString()));

        var load = Stopwatch.StartNew();
        const int LoadBatch = 500;
        var next = -1L;
        Parallel.For(0, Math.Max(1, Environment.ProcessorCount), _ =>
        {
            for (long first; (first = Interlocked.Increment(ref next) * LoadBatch) < workload.Documents;)
            {
                var count = (int)Math.Min(LoadBatch, workload.Documents - first);
                Send(http, HttpMethod.Put, "/collections/bench/points?wait=true", workload.UpsertBody(first, count));
            }
        });
        var loadSeconds = load.Elapsed.TotalSeconds;
        Console.Error.WriteLine($"serve: server loaded {workload.Documents} documents in {loadSeconds:F1} s");

        var upserted = (long)workload.Documents;
        async ValueTask Operation(string kind, long sequence)
        {
            var (method, path, body) = kind switch
            {
                "sparse" => (HttpMethod.Post, "/collections/bench/points/query", workload.SparseQueryBody(sequence)),
                "text" => (HttpMethod.Post, "/collections/bench/points/query", ServeWorkload.TextQueryBody(sequence)),
                "hybrid" => (HttpMethod.Post, "/collections/bench/points/query", workload.HybridQueryBody(sequence, depth)),
                _ => (HttpMethod.Put, "/collections/bench/points?wait=true",
                    workload.UpsertBody(Interlocked.Add(ref upserted, batch) - batch, batch)),
            };
            using var request = new HttpRequestMessage(method, path) { Content = Json(body) };
            using var response = await http.SendAsync(request).ConfigureAwait(false);
            var answer = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"{(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(answer)}");
            }
        }

        Warm(ServerMix, clients, Operation);
        return Report(loadSeconds, phase, clients, ServerMix, Operation);
    }

    private static JsonObject MeasurePeer(ServeWorkload workload, string folder, int clients, TimeSpan phase, int batch, int depth)
    {
        using var index = SparseIndex.Open(folder);
        var load = Stopwatch.StartNew();
        index.BulkLoad(Enumerable.Range(0, workload.Documents).Select(i => workload.Document(i)));
        index.WaitForMerges();
        var loadSeconds = load.Elapsed.TotalSeconds;
        Console.Error.WriteLine($"serve: peer loaded {workload.Documents} documents in {loadSeconds:F1} s");

        var upserted = (long)workload.Documents;
        var top10 = new SearchOptions { K = 10 };
        var deep = new SearchOptions { K = depth };
        ValueTask Operation(string kind, long sequence)
        {
            switch (kind)
            {
                case "sparse":
                    index.Search(workload.QueryVector(sequence), top10);
                    break;
                case "hybrid":
                    Rrf(index.Search(workload.QueryVector(sequence), deep), index.SearchDense(workload.Dense(sequence), deep));
                    break;
                default:
                    var first = Interlocked.Add(ref upserted, batch) - batch;
                    var documents = new IndexDocument[batch];
                    for (var i = 0; i < batch; i++)
                    {
                        documents[i] = workload.Document(first + i);
                    }

                    index.Upsert(documents);
                    break;
            }

            return ValueTask.CompletedTask;
        }

        Warm(PeerMix, clients, Operation);
        return Report(loadSeconds, phase, clients, PeerMix, Operation);
    }

    /// <summary>One operation of each kind (the first text query loads the SPLADE model), then a few seconds of the mix, unmeasured.</summary>
    private static void Warm(string[] mix, int clients, Func<string, long, ValueTask> operation)
    {
        foreach (var kind in mix.Distinct())
        {
            operation(kind, 0).AsTask().GetAwaiter().GetResult();
        }

        LoadDriver.Run(mix, clients, TimeSpan.FromSeconds(3), operation);
    }

    private static JsonObject Report(double loadSeconds, TimeSpan phase, int clients, string[] mix, Func<string, long, ValueTask> operation) => new()
    {
        ["load_seconds"] = Math.Round(loadSeconds, 2),
        ["sparse_only"] = LoadDriver.Run(["sparse"], clients, phase, operation),
        ["upsert_only"] = LoadDriver.Run(["upsert"], clients, phase, operation),
        ["mixed"] = LoadDriver.Run(mix, clients, phase, operation),
    };

    /// <summary>Qdrant's reciprocal rank fusion (k = 2) of two ranked lists, top 10: what the server computes for a hybrid query.</summary>
    private static List<KeyValuePair<string, double>> Rrf(SearchResults sparse, SearchResults dense)
    {
        var fused = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var list in new[] { sparse.Hits, dense.Hits })
        {
            for (var rank = 0; rank < list.Count; rank++)
            {
                fused[list[rank].Id] = fused.GetValueOrDefault(list[rank].Id) + (1.0 / (rank + 2));
            }
        }

        return [.. fused.OrderByDescending(p => p.Value).Take(10)];
    }

    private static JsonNode? Ratio(JsonObject server, JsonObject peer, string phase, string kind)
    {
        var ours = server[phase]?[kind]?["per_second"]?.GetValue<double>();
        var theirs = peer[phase]?[kind]?["per_second"]?.GetValue<double>();
        return ours is { } o && theirs is > 0 ? Math.Round(o / theirs.Value, 3) : null;
    }

    private static void Send(HttpClient http, HttpMethod method, string path, byte[] body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = Json(body) };
        using var response = http.Send(request);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            var answer = response.Content.ReadAsStringAsync().Result;
            throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {answer}");
        }
    }

    private static ByteArrayContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }
}
