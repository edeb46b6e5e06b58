using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Splade.Bench.CommandLine;
using Splade.Bench.Encoder;
using Splade.Checkpoints.Conversion;
using Splade.Core;
using Splade.Encoding;
using Splade.Retrieval.Evaluation;
using Splade.Retrieval.Learned;

namespace Splade.Bench.Quantize;

/// <summary>
/// Benchmark "quantize": float32 against dynamic int8 (Splade.Checkpoints' quantizer) on the random BERT-base-shaped model and on
/// the shipped model, both converted from their weights here: documents per second (batch 32, best of rounds, alternating),
/// the vectors' cosine to float32 and top-10 overlap, nDCG@10 on the shared collections, and which kernels ran.
/// </summary>
/// <remarks>
/// nDCG@10 runs for the shipped model by default: the random BERT-base model retrieves nothing meaningful and would take hours on
/// two cores. Rounds alternate which variant runs first; the load average before and after is reported. Target: int8 at least
/// 2.5x the float32 docs/s on BERT-base, nDCG@10 within 0.005 of float32 on average.
/// </remarks>
internal static class QuantizeBenchmark
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The default folder the quantize and graph-pooling entries write their checkpoints and converted models into.</summary>
    public static string DefaultWork => Path.Combine(Path.GetTempPath(), "splade-bench", "quantize");

    public static Command Create()
    {
        var datasets = BenchOption.ExistingFolder("--datasets", BenchPaths.Datasets, "The folder of BEIR collections (speed texts and nDCG@10).");
        var collection = BenchOption.Text("--collection", "cisi", "The collection whose documents are encoded for speed.");
        var documents = BenchOption.Int("--docs", 256, "Documents encoded per round and variant, at batch 32.");
        var rounds = BenchOption.Int("--rounds", 2, "Rounds; each alternates which variant runs first, and the best of each is kept.");
        var threads = BenchOption.Int("--threads", Environment.ProcessorCount, "Intra-op threads.");
        var work = BenchOption.Text("--work", DefaultWork, "Where the checkpoints and converted models are written (and reused).");
        var models = BenchOption.Text("--models", "all", "Which models: all, bert-base (the random BERT-base-shaped model) or shipped.");
        models.AcceptOnlyFromAmong("all", "bert-base", "shipped");
        var ndcg = BenchOption.Text(
            "--ndcg",
            "shipped",
            "nDCG@10 on every collection under --datasets, float32 and int8: for the shipped model, all models (the random model's " +
            "figures mean nothing) or none.");
        ndcg.AcceptOnlyFromAmong("shipped", "all", "none");
        var tokenizer = BenchOption.ExistingFolder(
            "--tokenizer", Path.Combine(BenchPaths.Fixtures, "tiny-splade-random"), "Tokenizer files of the random BERT-base checkpoint.");
        var command = new Command(
            "quantize",
            "float32 against dynamic int8 on the random BERT-base-shaped model and the shipped model: documents per second, cosine and " +
            "top-10 overlap to float32, nDCG@10, and the kernels that ran. Target: int8 >= 2.5x float32 on BERT-base.")
        {
            datasets, collection, documents, rounds, threads, work, models, ndcg, tokenizer,
        };
        command.SetAction(parse => Run(new Settings(
            parse.GetValue(datasets)!,
            parse.GetValue(collection)!,
            parse.GetValue(documents),
            parse.GetValue(rounds),
            parse.GetValue(threads),
            Path.GetFullPath(parse.GetValue(work)!),
            parse.GetValue(models)!,
            parse.GetValue(ndcg)!,
            Path.GetFullPath(parse.GetValue(tokenizer)!))));
        return command;
    }

    private static int Run(Settings settings)
    {
        var (datasets, collection, docs, rounds, threads, work, which, ndcg, tokenizer) = settings;
        var loadBefore = LoadAverage();
        var corpus = BenchCorpus.Read(Path.Combine(datasets, collection), docs, 0);

        var bertCheckpoint = which == "shipped" ? "" : BenchCheckpoints.BertBase(work, tokenizer);
        var shippedCheckpoint = which == "bert-base" ? "" : BenchCheckpoints.Shipped(work);

        var models = new List<object>();
        var variants = new[]
        {
            ("bert-base", "bert-base-random", bertCheckpoint, ndcg == "all"),
            ("shipped", "splade-minilm-l6 (shipped)", shippedCheckpoint, ndcg is "all" or "shipped"),
        };
        foreach (var (key, name, checkpoint, withNdcg) in variants)
        {
            if (which != "all" && which != key)
            {
                continue;
            }

            models.Add(Measure(name, checkpoint, work, corpus, rounds, threads, withNdcg ? datasets : null));
        }

        var report = new
        {
            benchmark = "quantize",
            collection,
            documents = corpus.Documents.Length,
            batch_size = 32,
            threads,
            processors = Environment.ProcessorCount,
            cpu_flags = CpuFlags(),
            rounds,
            load_average_before = loadBefore,
            load_average_after = LoadAverage(),
            models,
            targets = "int8 >= 2.5x float32 docs/s on bert-base-random; nDCG@10 within 0.005 of float32 on average",
        };
        Console.WriteLine(JsonSerializer.Serialize(report, Indented));
        return 0;
    }

    private static object Measure(string name, string checkpoint, string work, BenchCorpus corpus, int rounds, int threads, string? datasets)
    {
        var stem = Path.GetFileName(checkpoint).Replace("-checkpoint", "", StringComparison.Ordinal);
        var floatFolder = Path.Combine(work, stem + "-float32");
        var int8Folder = Path.Combine(work, stem + "-int8");
        var clock = Stopwatch.StartNew();
        CheckpointConverter.Convert(checkpoint, floatFolder);
        var floatSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        CheckpointConverter.Convert(checkpoint, int8Folder, new ConversionOptions { QuantizeInt8 = true });
        var int8Seconds = clock.Elapsed.TotalSeconds;
        Log($"{name}: converted in {floatSeconds:F1} s (float32) and {int8Seconds:F1} s (int8)");

        var settings = new SpladeEncoderOptions { BatchSize = 32, IntraOpThreads = threads };
        using var floatEncoder = SpladeEncoder.Load(floatFolder, settings);
        using var int8Encoder = SpladeEncoder.Load(int8Folder, settings);
        floatEncoder.EncodeBatch(corpus.Documents[..8]);
        int8Encoder.EncodeBatch(corpus.Documents[..8]);
        double floatRate = 0, int8Rate = 0;
        IReadOnlyList<SparseVector> floatVectors = [], int8Vectors = [];
        var roundDetails = new List<object>();
        for (var round = 0; round < rounds; round++)
        {
            var roundLoad = LoadAverage();
            Log($"{name}: round {round + 1}, load average {roundLoad}");
            double roundFloat = 0, roundInt8 = 0;
            for (var turn = 0; turn < 2; turn++)
            {
                // Odd rounds run int8 first, so a change of load during a round does not always favour the same variant.
                var int8Turn = (turn == 1) == (round % 2 == 0);
                clock.Restart();
                var vectors = (int8Turn ? int8Encoder : floatEncoder).EncodeBatch(corpus.Documents);
                var rate = corpus.Documents.Length / clock.Elapsed.TotalSeconds;
                Log($"{name}: {(int8Turn ? "int8" : "float32")} {rate:F2} docs/s");
                if (int8Turn)
                {
                    int8Vectors = vectors;
                    int8Rate = Math.Max(int8Rate, rate);
                    roundInt8 = rate;
                }
                else
                {
                    floatVectors = vectors;
                    floatRate = Math.Max(floatRate, rate);
                    roundFloat = rate;
                }
            }

            roundDetails.Add(new
            {
                round = round + 1,
                first = round % 2 == 0 ? "float32" : "int8",
                load_average_at_start = roundLoad,
                load_average_at_end = LoadAverage(),
                float32_documents_per_second = roundFloat,
                int8_documents_per_second = roundInt8,
                speedup = roundInt8 / roundFloat,
            });
        }

        var cosines = new double[floatVectors.Count];
        var overlaps = new double[floatVectors.Count];
        for (var i = 0; i < cosines.Length; i++)
        {
            cosines[i] = floatVectors[i].Cosine(int8Vectors[i]);
            var top = floatVectors[i].TopK(10).Indices.ToArray();
            overlaps[i] = int8Vectors[i].TopK(10).Indices.ToArray().Intersect(top).Count() / (double)Math.Max(1, top.Length);
        }

        var ids = corpus.Documents[..Math.Min(32, corpus.Documents.Length)].Select(t => floatEncoder.Tokenizer.Tokenize(t, 512).Ids.ToArray()).ToArray();
        var withTokenTypes = File.ReadAllText(Path.Combine(checkpoint, "config.json")).Contains("\"bert\"", StringComparison.Ordinal);
        var kernels = KernelProfile.Count(Path.Combine(int8Folder, "onnx", "model.onnx"), ids, withTokenTypes);
        return new
        {
            model = name,
            onnx_mib_float32 = new FileInfo(Path.Combine(floatFolder, "onnx", "model.onnx")).Length / 1048576.0,
            onnx_mib_int8 = new FileInfo(Path.Combine(int8Folder, "onnx", "model.onnx")).Length / 1048576.0,
            conversion_seconds_float32 = floatSeconds,
            conversion_seconds_int8 = int8Seconds,
            float32_documents_per_second = floatRate,
            int8_documents_per_second = int8Rate,
            speedup = int8Rate / floatRate,
            rounds = roundDetails,
            cosine_to_float32_mean = cosines.Average(),
            cosine_to_float32_min = cosines.Min(),
            top10_overlap_mean = overlaps.Average(),
            int8_kernels_one_batch = kernels,
            ndcg_at_10 = datasets is null ? null : Ndcg(name, floatFolder, int8Folder, settings, datasets),
        };
    }

    private static object Ndcg(string name, string floatFolder, string int8Folder, SpladeEncoderOptions settings, string datasets)
    {
        var rows = new List<object>();
        double floatSum = 0, int8Sum = 0;
        var folders = Directory.GetDirectories(datasets).Where(d => File.Exists(Path.Combine(d, "corpus.jsonl"))).Order(StringComparer.Ordinal).ToList();
        foreach (var folder in folders)
        {
            var dataset = BeirDataset.Load(folder);
            Log($"{name}: nDCG@10 on {dataset.Name}");
            var floatScore = Evaluate(SpladeEncoder.Load(floatFolder, settings), dataset);
            var int8Score = Evaluate(SpladeEncoder.Load(int8Folder, settings), dataset);
            floatSum += floatScore;
            int8Sum += int8Score;
            rows.Add(new { collection = dataset.Name, float32 = floatScore, int8 = int8Score, difference = int8Score - floatScore });
        }

        return new
        {
            collections = rows,
            float32_mean = floatSum / folders.Count,
            int8_mean = int8Sum / folders.Count,
            mean_difference = (int8Sum - floatSum) / folders.Count,
        };
    }

    private static double Evaluate(SpladeEncoder encoder, BeirDataset dataset)
    {
        using var retriever = new SpladeRetriever(encoder, "splade");
        return RetrievalEvaluator.Evaluate(retriever, dataset).Metrics.Mean.NdcgAt10;
    }

    /// <summary>The 1-, 5- and 15-minute load averages, as /proc/loadavg gives them ("unknown" elsewhere).</summary>
    internal static string LoadAverage()
    {
        const string path = "/proc/loadavg";
        return File.Exists(path) ? string.Join(' ', File.ReadAllText(path).Split(' ')[..3]) : "unknown";
    }

    private static string CpuFlags()
    {
        const string path = "/proc/cpuinfo";
        if (!File.Exists(path))
        {
            return "unknown";
        }

        var flags = File.ReadLines(path).FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal))?.Split(' ') ?? [];
        return string.Join(' ', flags.Where(f => f is "avx2" or "avx512f" or "avx512_vnni" or "avx_vnni" or "amx_int8").Distinct());
    }

    private sealed record Settings(
        string Datasets, string Collection, int Documents, int Rounds, int Threads, string Work, string Models, string Ndcg, string Tokenizer);

    private static void Log(string message) => Console.Error.WriteLine($"[quantize bench] {message}");
}
