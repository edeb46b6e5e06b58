using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Splade.Bench.CommandLine;
using Splade.Checkpoints.Conversion;
using Splade.Checkpoints.Graph;

namespace Splade.Bench.Quantize;

/// <summary>
/// Benchmark "graph-pooling": the converter's two output forms, per-token logits pooled by the encoder (outside the graph) against
/// SPLADE-max pooled inside the graph, on the random BERT-base-shaped model and on the shipped model. Every measurement is a
/// separate process ("graph-pooling-run"): its encoding time and its own peak resident memory. Rounds alternate which variant
/// runs first; the best time and the highest peak of each variant are kept.
/// </summary>
internal static class GraphPoolingBenchmark
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create()
    {
        var datasets = BenchOption.ExistingFolder("--datasets", BenchPaths.Datasets, "The folder of BEIR collections.");
        var collection = BenchOption.Text("--collection", "cisi", "The collection whose documents are encoded.");
        var models = BenchOption.Text("--models", "bert-base,shipped", "Comma-separated: bert-base (random BERT-base-shaped) and/or shipped.");
        models.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>().Split(',').Any(m => m is not ("bert-base" or "shipped")))
            {
                result.AddError("--models takes bert-base and/or shipped, comma-separated.");
            }
        });
        var batches = BenchOption.IntList("--batches", [8, 32], "Batch sizes, each measured in turn.");
        var lengths = BenchOption.Text(
            "--tokens", "natural,512", "Comma-separated document lengths: natural (as they are, cut at 512 tokens) and/or token counts.");
        lengths.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>().Split(',').Any(t => t != "natural" && !(int.TryParse(t, out var n) && n is >= 2 and <= 512)))
            {
                result.AddError("--tokens takes natural and/or token counts from 2 to 512, comma-separated.");
            }
        });
        var documents = BenchOption.Int("--docs", 32, "Documents encoded per run.");
        var rounds = BenchOption.Int("--rounds", 2, "Rounds; each alternates which variant runs first.");
        var threads = BenchOption.Int("--threads", Environment.ProcessorCount, "Intra-op threads of each run.");
        var limit = BenchOption.Int("--memory-limit-mib", 8192, "A run whose resident memory passes this is stopped and reported as such.", 256);
        var work = BenchOption.Text("--work", QuantizeBenchmark.DefaultWork, "Where the checkpoints and converted models are written (and reused).");
        var command = new Command(
            "graph-pooling",
            "Pooling outside the graph (per-token logits pooled by the encoder) against inside it (SPLADE-max in ONNX): time and peak " +
            "memory of one process per run, on BERT-base and the shipped model.")
        {
            datasets, collection, models, batches, lengths, documents, rounds, threads, limit, work,
        };
        command.SetAction(parse => Run(new Settings(
            Path.GetFullPath(parse.GetValue(datasets)!),
            parse.GetValue(collection)!,
            parse.GetValue(models)!.Split(','),
            parse.GetValue(batches)!,
            parse.GetValue(lengths)!.Split(','),
            parse.GetValue(documents),
            parse.GetValue(rounds),
            parse.GetValue(threads),
            parse.GetValue(limit),
            Path.GetFullPath(parse.GetValue(work)!))));
        return command;
    }

    private static int Run(Settings settings)
    {
        var (datasets, collection, models, batches, lengths, documents, rounds, threadCount, limit, work) = settings;
        var docs = documents.ToString(CultureInfo.InvariantCulture);
        var threads = threadCount.ToString(CultureInfo.InvariantCulture);
        var tokenizer = Path.Combine(BenchPaths.Fixtures, "tiny-splade-random");
        var results = new List<object>();
        foreach (var model in models)
        {
            var checkpoint = model == "bert-base" ? BenchCheckpoints.BertBase(work, tokenizer) : BenchCheckpoints.Shipped(work);
            var stem = model == "bert-base" ? "bert-base-random" : "shipped";
            var outside = CheckpointConverter.Convert(checkpoint, Path.Combine(work, stem + "-float32"));
            var inside = CheckpointConverter.Convert(
                checkpoint, Path.Combine(work, stem + "-pooled-max"), new ConversionOptions { Output = GraphOutput.PooledMax });
            foreach (var tokens in lengths)
            {
                foreach (var batch in batches)
                {
                    var runs = new Dictionary<string, List<JsonNode>> { ["outside"] = [], ["inside"] = [] };
                    for (var round = 0; round < rounds; round++)
                    {
                        string[] order = round % 2 == 0 ? ["outside", "inside"] : ["inside", "outside"];
                        foreach (var variant in order)
                        {
                            var folder = variant == "outside" ? outside : inside;
                            string[] childArgs =
                            [
                                "graph-pooling-run", "--model", folder, "--datasets", datasets, "--collection", collection, "--docs", docs,
                                "--batch", batch.ToString(CultureInfo.InvariantCulture), "--tokens", tokens, "--threads", threads,
                            ];
                            var run = RunChild(childArgs, limit);
                            run["load_average"] = QuantizeBenchmark.LoadAverage();
                            Console.Error.WriteLine($"[graph-pooling] {model} tokens {tokens} batch {batch} {variant}: {run.ToJsonString()}");
                            runs[variant].Add(run);
                        }
                    }

                    results.Add(new { model, tokens, batch_size = batch, outside_graph = Summary(runs["outside"]), inside_graph = Summary(runs["inside"]) });
                }
            }
        }

        var report = new
        {
            benchmark = "graph-pooling",
            collection,
            documents,
            threads,
            rounds,
            memory_limit_mib = limit,
            results,
        };
        Console.WriteLine(JsonSerializer.Serialize(report, Indented));
        return 0;
    }

    private sealed record Settings(
        string Datasets,
        string Collection,
        string[] Models,
        int[] Batches,
        string[] Lengths,
        int Documents,
        int Rounds,
        int Threads,
        long MemoryLimitMiB,
        string Work);

    /// <summary>The best documents per second and the highest peak of a variant's runs; a stopped run is reported as such.</summary>
    private static object Summary(List<JsonNode> runs)
    {
        var finished = runs.Where(r => r["encode_seconds"] is not null).ToList();
        return new
        {
            runs = runs.Count,
            finished = finished.Count,
            documents_per_second = finished.Count == 0 ? (double?)null : finished.Max(r => r["documents_per_second"]!.GetValue<double>()),
            peak_rss_mib = runs.Max(r => (r["peak_rss_mib"] ?? r["rss_mib_when_stopped"])!.GetValue<double>()),
            peak_rss_mib_after_load = finished.Count == 0 ? (double?)null : finished.Max(r => r["peak_rss_mib_after_load"]!.GetValue<double>()),
            checksums = finished.Select(r => r["checksum"]!.GetValue<double>()).Distinct().ToArray(),
            stopped = runs.Where(r => r["stopped"] is not null).Select(r => r["stopped"]!.GetValue<string>()).ToArray(),
        };
    }

    /// <summary>
    /// Runs this executable with <paramref name="arguments"/> and returns the JSON line it prints; polls the child's resident memory
    /// and stops it (with its whole tree) above <paramref name="limitMiB"/>.
    /// </summary>
    private static JsonNode RunChild(string[] arguments, long limitMiB)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        // Under "dotnet Splade.Bench.dll" (dotnet run) the child needs the assembly path; the apphost runs it by itself.
        var entry = Environment.GetCommandLineArgs()[0];
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" && entry.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(entry);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var child = Process.Start(start)!;
        var output = child.StandardOutput.ReadToEndAsync();
        double highest = 0;
        while (!child.WaitForExit(20))
        {
            var resident = ResidentMiB(child.Id);
            highest = Math.Max(highest, resident);
            if (resident > limitMiB)
            {
                child.Kill(entireProcessTree: true);
                child.WaitForExit();
                return new JsonObject { ["stopped"] = $"resident memory passed {limitMiB} MiB", ["rss_mib_when_stopped"] = highest };
            }
        }

        var text = output.GetAwaiter().GetResult();
        if (child.ExitCode != 0)
        {
            return new JsonObject { ["stopped"] = $"exit code {child.ExitCode}", ["rss_mib_when_stopped"] = highest };
        }

        return JsonNode.Parse(text)!;
    }

    /// <summary>The current resident set size of a process (VmRSS), in MiB; 0 when it cannot be read.</summary>
    private static double ResidentMiB(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
                }
            }
        }
        catch (IOException)
        {
        }

        return 0;
    }
}
