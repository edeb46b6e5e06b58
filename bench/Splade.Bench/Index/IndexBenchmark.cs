using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Splade.Bench.CommandLine;
using Splade.Cli.Synthetic;
using Splade.Core;
using Splade.Index;
using Splade.Index.Filters;

namespace Splade.Bench.Index;

/// <summary>
/// The "index" benchmark: builds an on-disk index from a synthetic SPLADE-like corpus, measures build time, size, exact top-10 latency
/// (p50/p99 on one thread, per algorithm), the process CPU time per query (<see cref="QueryTimes"/>) and queries per second on two
/// threads, and runs peers on the same data: our own brute-force scan, and SciPy two ways (bench/peers/scipy_topk.py): the query's
/// columns sliced from a CSC matrix and accumulated (the fair baseline for a sparse query), and a full CSR matrix-vector product.
/// Prints one JSON object.
/// </summary>
internal static class IndexBenchmark
{
    private const int K = 10;

    /// <summary>How long the untimed warm-up passes last at least: long enough for tiered compilation to settle.</summary>
    private static readonly TimeSpan WarmUpTime = TimeSpan.FromSeconds(3);

    public static Command Create()
    {
        var documents = BenchOption.Int("--docs", 100_000, "Documents in the synthetic corpus.", 1, 100_000_000);
        var queries = BenchOption.Int("--queries", 200, "Queries timed per algorithm.");
        var seed = BenchOption.Int("--seed", 42, "The synthetic corpus's seed.", int.MinValue);
        var topics = BenchOption.Int("--topics", 0, "Latent topics of the synthetic corpus (0: no topical structure).", 0);
        var python = BenchOption.Text("--python", "python3", "The Python interpreter that has numpy and scipy (the SciPy peers).");
        var buckets = BenchOption.Int(
            "--filter-buckets", 0, "Give document d the metadata {\"bucket\": d mod N} and time a search filtered on bucket 0 (0: no metadata).", 0);
        var command = new Command(
            "index",
            "Build time, size and exact top-10 latency of the on-disk index on a synthetic SPLADE-like corpus, against our brute force and SciPy.")
        {
            documents, queries, seed, topics, python, buckets,
        };
        command.SetAction(
            (parse, _) => RunAsync(
                parse.GetValue(documents),
                parse.GetValue(queries),
                new SyntheticCorpusOptions { Seed = parse.GetValue(seed), Topics = parse.GetValue(topics) },
                parse.GetValue(python)!,
                parse.GetValue(buckets)));
        return command;
    }

    private static async Task<int> RunAsync(int documents, int queryCount, SyntheticCorpusOptions corpus, string python, int buckets)
    {
        var work = Path.Combine(Path.GetTempPath(), $"splade-index-bench-{Environment.ProcessId}");
        Directory.CreateDirectory(work);
        try
        {
            var report = await RunInAsync(work, documents, queryCount, corpus, python, buckets).ConfigureAwait(false);
            Console.Out.WriteLine(report.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<JsonObject> RunInAsync(
        string work, int documentCount, int queryCount, SyntheticCorpusOptions corpusOptions, string python, int buckets)
    {
        var corpus = new SyntheticSpladeCorpus(corpusOptions);
        var queries = new SparseVector[queryCount];
        Parallel.For(0, queryCount, i => queries[i] = corpus.Query(i, documentCount).Vector);

        // The documents go to disk as CSR arrays (SciPy's input) and are streamed back into the bulk load: at 8.8M documents the
        // collection does not fit in memory next to the index and SciPy's copy.
        var docsPrefix = Path.Combine(work, "docs");
        var nnz = CsrFiles.Write(docsPrefix, CsrFiles.Generate(corpus, documentCount));
        CsrFiles.Write(Path.Combine(work, "queries"), queries);

        var indexFolder = Path.Combine(work, "index");
        var build = Stopwatch.StartNew();
        using (var writer = SparseIndex.Open(indexFolder, new IndexOptions { BackgroundMerge = false }))
        {
            writer.BulkLoad(CsrFiles.ReadDocuments(docsPrefix, buckets));
        }

        var buildSeconds = build.Elapsed.TotalSeconds;
        var diskBytes = Directory.GetFiles(indexFolder).Sum(f => new FileInfo(f).Length);
        var managedBefore = GC.GetTotalMemory(forceFullCollection: true);
        using var index = SparseIndex.Open(indexFolder);
        var managedAfter = GC.GetTotalMemory(forceFullCollection: true);
        var statistics = index.GetStatistics();

        // Untimed passes over every query first, so that the algorithm measured first pays neither for mapping the index's pages
        // nor for the JIT's background recompilation of the hot methods (docs/benchmarks.md, "Exact index").
        var warming = Stopwatch.StartNew();
        do
        {
            foreach (var query in queries)
            {
                index.Search(query, new SearchOptions { K = K });
            }
        }
        while (warming.Elapsed < WarmUpTime);

        var search = new JsonObject();
        var topByAlgorithm = new Dictionary<SearchAlgorithm, string[][]>();
        var p50 = new Dictionary<SearchAlgorithm, double>();
        var cpuP50 = new Dictionary<SearchAlgorithm, double>();
        foreach (var algorithm in new[] { SearchAlgorithm.Auto, SearchAlgorithm.MaxScore, SearchAlgorithm.TermAtATime, SearchAlgorithm.BruteForce })
        {
            var options = new SearchOptions { K = K, Algorithm = algorithm };
            var warmup = Math.Min(queries.Length, 20);
            for (var i = 0; i < warmup; i++)
            {
                index.Search(queries[i], options);
            }

            var times = new QueryTimes(queries.Length);
            var top = new string[queries.Length][];
            long postingsScored = 0;
            for (var i = 0; i < queries.Length; i++)
            {
                var results = times.Search(i, index, queries[i], options);
                top[i] = results.Hits.Select(h => h.Id).ToArray();
                postingsScored += results.PostingsScored;
            }

            p50[algorithm] = times.WallP50;
            cpuP50[algorithm] = times.CpuP50;
            topByAlgorithm[algorithm] = top;
            var timings = times.ToJson();
            timings["meanPostingsScored"] = Round((double)postingsScored / queries.Length);
            search[algorithm.ToString()] = timings;
        }

        if (buckets > 0)
        {
            search["AutoFilteredToOneBucket"] = Filtered(index, queries, buckets);
        }

        var qps = TwoThreadQps(index, queries);
        var exactAgreement = Agreement(topByAlgorithm[SearchAlgorithm.MaxScore], topByAlgorithm[SearchAlgorithm.BruteForce], ordered: true);
        var defaultAgreement = Agreement(topByAlgorithm[SearchAlgorithm.Auto], topByAlgorithm[SearchAlgorithm.BruteForce], ordered: true);
        var scipy = await RunScipyAsync(
            python, work, corpus.Options.Vocabulary, topByAlgorithm[SearchAlgorithm.Auto], p50[SearchAlgorithm.Auto], cpuP50[SearchAlgorithm.Auto])
            .ConfigureAwait(false);
        var rawForward = nnz * (sizeof(uint) + sizeof(float));
        return new JsonObject
        {
            ["benchmark"] = "index",
            ["data"] = $"synthetic SPLADE-like corpus (SyntheticSpladeCorpus, MS MARCO statistics, seed {corpusOptions.Seed}, " +
                (corpusOptions.Topics == 0 ? "no topical structure" : $"{corpusOptions.Topics} topics") + "), not real text",
            ["machine"] = $"{Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}",
            ["documents"] = documentCount,
            ["queries"] = queryCount,
            ["k"] = K,
            ["postings"] = statistics.Postings,
            ["meanDocumentTerms"] = Round((double)nnz / documentCount),
            ["meanQueryTerms"] = Round(queries.Average(q => q.Count)),
            ["buildSeconds"] = Round(buildSeconds),
            ["searchWarmup"] =
                $"untimed passes over all queries after opening, for at least {WarmUpTime.TotalSeconds} s, then 20 untimed queries before each algorithm",
            ["buildMeasures"] = "BulkLoad of documents streamed from the CSR files on local disk (reading included, generation not)",
            ["diskBytes"] = diskBytes,
            ["rawFloat32ForwardBytes"] = rawForward,
            ["diskToRawRatio"] = Round((double)diskBytes / rawForward),
            ["managedHeapBytesOfOpenIndex"] = managedAfter - managedBefore,
            ["memoryMappedBytes"] = statistics.SegmentBytes,
            ["searchOneThread"] = search,
            ["queriesPerSecondTwoThreads"] = Round(qps),
            ["maxScoreTop10EqualsBruteForce"] = exactAgreement,
            ["defaultTop10EqualsBruteForce"] = defaultAgreement,
            ["peersComparedWith"] = "Auto (the engine's default choice)",
            ["cpuTime"] =
                "cpu figures are the process's CPU time per query (ours: Environment.CpuUsage; SciPy: time.process_time), which waiting " +
                "for a core on a loaded machine does not inflate; speedupCpuP50 is the ratio of CPU medians",
            ["peers"] = new JsonObject
            {
                ["ownBruteForce"] = new JsonObject
                {
                    ["p50Ms"] = Round(p50[SearchAlgorithm.BruteForce]),
                    ["speedupP50"] = Round(p50[SearchAlgorithm.BruteForce] / p50[SearchAlgorithm.Auto]),
                    ["cpuP50Ms"] = Round(cpuP50[SearchAlgorithm.BruteForce]),
                    ["speedupCpuP50"] = Round(cpuP50[SearchAlgorithm.BruteForce] / cpuP50[SearchAlgorithm.Auto]),
                },
                ["scipy"] = scipy,
            },
            ["targets"] = new JsonObject
            {
                ["speedupOverScipyColumnsAt1M"] = ">= 10 (the target was set against the CSR mat-vec; the column slice is the fair peer)",
                ["p50MsAt1M"] = "< 5",
                ["diskToRawRatio"] = "<= 1.3",
                ["buildSecondsAt1M"] = "< 60",
            },
        };
    }

    /// <summary>The default algorithm with a filter that keeps one bucket in <paramref name="buckets"/> (bucket 0).</summary>
    private static JsonObject Filtered(SparseIndex index, SparseVector[] queries, int buckets)
    {
        var options = new SearchOptions { K = K, Filter = MetadataFilter.Equal("bucket", JsonValue.Create(0)) };
        for (var i = 0; i < Math.Min(queries.Length, 20); i++)
        {
            index.Search(queries[i], options);
        }

        var times = new QueryTimes(queries.Length);
        for (var i = 0; i < queries.Length; i++)
        {
            times.Search(i, index, queries[i], options);
        }

        var result = times.ToJson();
        result["filter"] = "{\"field\":\"bucket\",\"eq\":0}";
        result["keeps"] = Round(1d / buckets);
        return result;
    }

    private static double TwoThreadQps(SparseIndex index, SparseVector[] queries)
    {
        var options = new SearchOptions { K = K };
        var watch = Stopwatch.StartNew();
        var rounds = 2;
        Parallel.For(0, queries.Length * rounds, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i => index.Search(queries[i % queries.Length], options));
        return queries.Length * rounds / watch.Elapsed.TotalSeconds;
    }

    private static async Task<JsonNode> RunScipyAsync(string python, string work, uint vocabulary, string[][] ours, double ourP50, double ourCpuP50)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "peers", "scipy_topk.py");
        var output = Path.Combine(work, "scipy.json");
        var start = new ProcessStartInfo(python) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { script, work, vocabulary.ToString(CultureInfo.InvariantCulture), K.ToString(CultureInfo.InvariantCulture), output })
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start)!;
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                return new JsonObject { ["error"] = $"exit code {process.ExitCode}: {(await errors.ConfigureAwait(false)).Trim().Split('\n')[^1]}" };
            }
        }
        catch (System.ComponentModel.Win32Exception error)
        {
            return new JsonObject { ["error"] = $"cannot start {python}: {error.Message}" };
        }

        var result = JsonNode.Parse(await File.ReadAllTextAsync(output).ConfigureAwait(false))!.AsObject();
        return new JsonObject
        {
            ["columns"] = ScipyPeer(result["columns"]!, ours, ourP50, ourCpuP50),
            ["matvec"] = ScipyPeer(result["matvec"]!, ours, ourP50, ourCpuP50),
            ["cscBuildSeconds"] = Round(result["cscBuildSeconds"]!.GetValue<double>()),
            ["timing"] = "each query timed once per peer, the two peers alternating, after 5 untimed queries each; one thread",
        };
    }

    private static JsonObject ScipyPeer(JsonNode peer, string[][] ours, double ourP50, double ourCpuP50)
    {
        var theirs = peer["topk"]!.AsArray()
            .Select(row => row!.AsArray().Select(i => SyntheticSpladeCorpus.DocumentId(i!.GetValue<long>())).ToArray())
            .ToArray();
        var p50 = peer["p50Ms"]!.GetValue<double>();
        var cpuP50 = peer["cpuP50Ms"]!.GetValue<double>();
        return new JsonObject
        {
            ["p50Ms"] = Round(p50),
            ["p99Ms"] = Round(peer["p99Ms"]!.GetValue<double>()),
            ["meanMs"] = Round(peer["meanMs"]!.GetValue<double>()),
            ["queriesPerSecondOneThread"] = Round(peer["queriesPerSecond"]!.GetValue<double>()),
            ["speedupP50"] = Round(p50 / ourP50),
            ["cpuP50Ms"] = Round(cpuP50),
            ["cpuMeanMs"] = Round(peer["cpuMeanMs"]!.GetValue<double>()),
            ["speedupCpuP50"] = Round(cpuP50 / ourCpuP50),
            ["top10IdSetAgreement"] = Agreement(ours, theirs, ordered: false),
        };
    }

    /// <summary>The fraction of queries whose top-k ids agree (as ordered lists, or as sets where the peer orders ties differently).</summary>
    private static double Agreement(string[][] left, string[][] right, bool ordered)
    {
        var same = 0;
        for (var i = 0; i < left.Length; i++)
        {
            same += (ordered ? left[i].SequenceEqual(right[i]) : left[i].ToHashSet().SetEquals(right[i])) ? 1 : 0;
        }

        return Round((double)same / Math.Max(1, left.Length));
    }

    private static double Round(double value) => Math.Round(value, 3);
}
