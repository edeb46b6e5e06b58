using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Splade.Core;
using Splade.Index;
using Splade.Index.Approximate;
using Splade.Index.Search;
using Splade.Index.Segments;
using Splade.Index.Storage;
using Splade.Cli.Synthetic;
using Splade.Retrieval.Input;

namespace Splade.Bench.Approximate;

/// <summary>
/// The "approx" benchmark: recall@10 against the exact engine's top 10, latency p50/p99 on one thread, QPS on two threads, memory
/// and build time of the approximate index, with the exact engine (SparseIndex, its default algorithm) measured in the same run.
/// </summary>
internal static class ApproxBenchmark
{
    private static readonly int[] SweepQueryTerms = [3, 5, 10, 16, 24, 32];
    private static readonly float[] SweepHeapFactors = [2f, 1.5f, 1.3f, 1.2f, 1f, 0.9f, 0.8f];
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static Command Create()
    {
        var definitions = new ApproxSettings.Definitions();
        var command = new Command(
            "approx",
            "Recall@10, latency and memory of the approximate index on synthetic (or given) vectors, against the exact engine in the same run.");
        definitions.AddTo(command);
        command.SetAction((parse, _) => RunAsync(definitions.Read(parse)));
        return command;
    }

    private static async Task<int> RunAsync(ApproxSettings settings)
    {
        Directory.CreateDirectory(settings.OutputDirectory);
        if (settings.DocumentVectors is not null)
        {
            return await RunVectorsAsync(settings).ConfigureAwait(false);
        }

        var runs = new List<SizeReport>();
        foreach (var size in settings.Sizes)
        {
            var report = RunSize(size, settings);
            runs.Add(report);
            await File.WriteAllTextAsync(
                Path.Combine(settings.OutputDirectory, $"approx-{size}.json"), JsonSerializer.Serialize(report, JsonOptions)).ConfigureAwait(false);
            ApproxPlots.Save(report, Path.Combine(settings.OutputDirectory, $"approx-recall-latency-{size}.png"));
        }

        var document = new
        {
            benchmark = "approx",
            data =
                ApproxSyntheticCorpus.Describe(settings.Corpus) + $"; evaluation queries 0..{settings.Queries - 1}, tuning queries from " +
                    $"{ApproxSyntheticCorpus.TuningQueryOffset}",
            machine = Machine(settings),
            peer =
                $"exact engine: SparseIndex in memory, one segment, SearchAlgorithm.Auto (named per size); above {settings.MaxEngineSize} documents an " +
                "exhaustive scan of the forward index instead, labelled as such",
            published =
                "Seismic (SIGIR 2024), MS MARCO SPLADE 8.8M passages, one thread: ~0.19 ms at 90% recall@10, ~0.30 ms at 95% (other data and " +
                "machine; not comparable directly)",
            sizes = runs,
            growth = runs.Count >= 2 ? Growth(runs[0], runs[^1]) : null,
        };
        var json = JsonSerializer.Serialize(document, JsonOptions);
        Console.WriteLine(json);
        await File.WriteAllTextAsync(Path.Combine(settings.OutputDirectory, "approx.json"), json).ConfigureAwait(false);
        return 0;
    }

    private static object Machine(ApproxSettings settings) => new
    {
        processors = Environment.ProcessorCount,
        os = RuntimeInformation.OSDescription,
        runtime = RuntimeInformation.FrameworkDescription,
        note = settings.MachineNote,
    };

    private static object Growth(SizeReport small, SizeReport large) => new
    {
        documents = $"{small.Documents} -> {large.Documents}",
        documentRatio = (double)large.Documents / small.Documents,
        tuned95P50Ratio = Ratio(large.Tuned95.P50Ms, small.Tuned95.P50Ms),
        tuned90P50Ratio = Ratio(large.Tuned90.P50Ms, small.Tuned90.P50Ms),
        exactP50Ratio = Ratio(large.Exact.P50Ms, small.Exact.P50Ms),
    };

    private static double Ratio(double a, double b) => b == 0 ? 0 : Math.Round(a / b, 2);

    /// <summary>
    /// Measures on vectors read from files (lines as <c>splade encode</c> writes them), such as real SPLADE encodings of a test
    /// collection: every fifth query is the tuning sample, the others are evaluated.
    /// </summary>
    private static async Task<int> RunVectorsAsync(ApproxSettings settings)
    {
        Log($"reading {settings.DocumentVectors} and {settings.QueryVectors}");
        var clock = Stopwatch.StartNew();
        var vectors = IndexDocumentJsonl.Read(settings.DocumentVectors!).Select(document => document.Vector).ToList();
        var allQueries = IndexDocumentJsonl.Read(settings.QueryVectors!).Select(document => document.Vector).Where(vector => vector.Count > 0).ToList();

        var forward = SegmentBuilder.InMemory(vectors);
        var queries = allQueries.Where((_, i) => i % 5 != 0).ToList();
        var tuningQueries = allQueries.Where((_, i) => i % 5 == 0).ToList();
        var report = Measure(forward, queries, tuningQueries, clock.Elapsed.TotalSeconds, settings);
        var document = new
        {
            benchmark = "approx",
            data =
                $"vectors from {Path.GetFileName(settings.DocumentVectors)} ({forward.DocumentCount} documents) and " +
                $"{Path.GetFileName(settings.QueryVectors)} ({queries.Count} evaluation queries, {tuningQueries.Count} tuning queries: every fifth)",
            machine = Machine(settings),
            run = report,
        };
        var json = JsonSerializer.Serialize(document, JsonOptions);
        Console.WriteLine(json);
        await File.WriteAllTextAsync(Path.Combine(settings.OutputDirectory, "approx-vectors.json"), json).ConfigureAwait(false);
        return 0;
    }

    private static SizeReport RunSize(int size, ApproxSettings settings)
    {
        Log($"size {size}: generating");
        var clock = Stopwatch.StartNew();
        var corpus = new SyntheticSpladeCorpus(settings.Corpus);
        var forward = ApproxSyntheticCorpus.Documents(corpus, size);
        var queries = ApproxSyntheticCorpus.Queries(corpus, settings.Queries, size, 0);
        var tuningQueries = ApproxSyntheticCorpus.Queries(corpus, settings.TuningQueries, size, ApproxSyntheticCorpus.TuningQueryOffset);
        return Measure(forward, queries, tuningQueries, clock.Elapsed.TotalSeconds, settings);
    }

    private static SizeReport Measure(
        Segment forward,
        List<SparseVector> queries,
        List<SparseVector> tuningQueries,
        double generateSeconds,
        ApproxSettings settings)
    {
        var size = forward.DocumentCount;
        Log($"size {size}: building exact engine");
        var exact = size > settings.MaxEngineSize ? ExactPeer.Scan(forward) : ExactPeer.Build(forward);
        Log($"size {size}: exact search ({exact.Algorithm})");
        var truth = new int[queries.Count][];
        for (var q = 0; q < queries.Count; q++)
        {
            truth[q] = exact.Search(queries[q]);
        }

        var crossCheck = CrossCheck(forward, queries, truth, Math.Min(20, queries.Count));
        var exactLatency = LatencyProbe.Measure(queries.Count, q => exact.SearchTimed(queries[q]));
        var exactQps = LatencyProbe.Throughput(queries.Count, 2, q => exact.SearchTimed(queries[q]));
        var exactReport = new EngineReport(
            exact.Algorithm, exactLatency.P50Ms, exactLatency.P99Ms, exactLatency.MeanMs, exactQps, exact.BuildSeconds, exact.ManagedBytes);

        Log($"size {size}: building approximate index");
        var clock = Stopwatch.StartNew();
        var index = new ApproximateIndexBuilder(settings.BuildOptions).Build(forward);
        var buildSeconds = clock.Elapsed.TotalSeconds;

        Log($"size {size}: sweep");
        var sweep = new List<PointReport>();
        foreach (var queryTerms in SweepQueryTerms)
        {
            foreach (var heapFactor in SweepHeapFactors)
            {
                sweep.Add(
                    Evaluate(
                        index,
                        queries,
                        truth,
                        new ApproximateSearchOptions { QueryTerms = queryTerms, HeapFactor = heapFactor },
                        exactReport,
                        withThroughput: false));
            }
        }

        Log($"size {size}: tuning");
        var tuned90 = index.Tune(tuningQueries, 0.90);
        var tuned95 = index.Tune(tuningQueries, 0.95);
        var forwardBytes = forward.GetFileBytes(IndexFileKind.Forward).Length;
        var memory = new MemoryReport(
            forwardBytes,
            index.MemoryBytes,
            Math.Round((double)(forwardBytes + index.MemoryBytes) / forwardBytes, 3),
            index.PostingCount,
            forward.ForwardValues.Length,
            index.BlockCount,
            index.SummaryEntryCount);
        return new SizeReport(
            size,
            forward.ForwardValues.Length / (double)size,
            queries.Count == 0 ? 0 : queries.Average(query => query.Count),
            Math.Round(generateSeconds, 1),
            crossCheck,
            exactReport,
            settings.BuildOptions,
            Math.Round(buildSeconds, 1),
            memory,
            Evaluate(index, queries, truth, tuned90.Options, exactReport, withThroughput: true) with { TunedOnSampleRecall = Math.Round(tuned90.Recall, 4) },
            Evaluate(index, queries, truth, tuned95.Options, exactReport, withThroughput: true) with { TunedOnSampleRecall = Math.Round(tuned95.Recall, 4) },
            Evaluate(index, queries, truth, ApproximateSearchOptions.Default, exactReport, withThroughput: true),
            sweep);
    }

    private static PointReport Evaluate(
        ApproximateIndex index,
        List<SparseVector> queries,
        int[][] truth,
        ApproximateSearchOptions options,
        EngineReport exact,
        bool withThroughput)
    {
        var buffer = new ScoredOrdinal[options.K];
        double recall = 0;
        for (var q = 0; q < queries.Count; q++)
        {
            var count = index.Search(queries[q], options, null, buffer, out _);
            recall += RecallAt(buffer.AsSpan(0, count), truth[q]);
        }

        var latency = LatencyProbe.Measure(queries.Count, q => index.Search(queries[q], options, null, buffer, out _));
        var qps = withThroughput ? LatencyProbe.Throughput(queries.Count, 2, q => index.Search(queries[q], options)) : 0;
        return new PointReport(
            options.QueryTerms,
            options.HeapFactor,
            Math.Round(recall / queries.Count, 4),
            Math.Round(latency.P50Ms, 4),
            Math.Round(latency.P99Ms, 4),
            Math.Round(latency.MeanMs, 4),
            Math.Round(qps, 0),
            Math.Round(exact.P50Ms, 3),
            Math.Round(exact.P50Ms / latency.P50Ms, 1),
            Math.Round(exact.MeanMs / latency.MeanMs, 1),
            withThroughput ? Math.Round(qps / exact.Qps2Threads, 1) : 0,
            null);
    }

    private static double RecallAt(ReadOnlySpan<ScoredOrdinal> found, int[] exact)
    {
        if (exact.Length == 0)
        {
            return 1;
        }

        var hits = 0;
        foreach (var hit in found)
        {
            if (Array.IndexOf(exact, hit.Ordinal) >= 0)
            {
                hits++;
            }
        }

        return (double)hits / exact.Length;
    }

    /// <summary>The fraction of queries on which the exact engine's top 10 equals an exhaustive scan's, as ordinal sets.</summary>
    private static double CrossCheck(Segment forward, List<SparseVector> queries, int[][] truth, int count)
    {
        var agree = 0;
        for (var q = 0; q < count; q++)
        {
            var scan = ExhaustiveScorer.TopK(forward, queries[q], 10).Select(hit => hit.Ordinal).ToHashSet();
            agree += scan.SetEquals(truth[q]) ? 1 : 0;
        }

        return count == 0 ? 1 : (double)agree / count;
    }

    private static void Log(string message)
        => Console.Error.WriteLine($"[approx {DateTime.UtcNow.ToString("HH:mm:ss", CultureInfo.InvariantCulture)}] {message}");
}
