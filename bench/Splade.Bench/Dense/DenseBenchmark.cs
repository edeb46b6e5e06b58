using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Splade.Bench.CommandLine;
using Splade.Encoding.Dense;
using Splade.Models.Dense;
using Splade.Retrieval.Evaluation;

namespace Splade.Bench.Dense;

/// <summary>
/// <c>dense</c>: latency of embedding one 32-token query (query prefix not counted) with the dense model of
/// <c>--dense-model</c> (default: the default embedded model) on one core (target: under 15 ms), and, with
/// <c>--dataset DIR</c>, the index's int8 dense storage against its float32 storage (recall, bytes, scan latency).
/// </summary>
internal static class DenseBenchmark
{
    private const double TargetMilliseconds = 15;
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create()
    {
        var iterations = BenchOption.Int("--iterations", 200, "Timed encodings of the 32-token query.");
        var model = BenchOption.OptionalText("--dense-model", "A dense model name or folder (default: the default embedded model).");
        var dataset = BenchOption.OptionalText("--dataset", "A BEIR collection folder: also measure int8 dense storage against float32 on it.");
        var cache = BenchOption.Text("--cache", Path.Combine(".cache", "dense"), "Where the collection's document embeddings are cached.");
        dataset.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } folder && !Directory.Exists(folder))
            {
                result.AddError($"--dataset: the folder '{folder}' does not exist.");
            }
        });
        var command = new Command("dense", "Latency of embedding one 32-token query on one core; with --dataset, int8 against float32 dense storage.")
        {
            iterations, model, dataset, cache,
        };
        command.SetAction(parse => Run(parse.GetValue(iterations), parse.GetValue(model), parse.GetValue(dataset), parse.GetValue(cache)!));
        return command;
    }

    private static int Run(int iterations, string? model, string? dataset, string cache)
    {
        using var encoder = DenseModels.LoadNameOrFolder(model, new DenseEncoderOptions { IntraOpThreads = 1 });
        var query = QueryOf32Tokens(encoder);
        var latency = MeasureQueryLatency(encoder, query, iterations);
        var result = new Dictionary<string, object>
        {
            ["benchmark"] = "dense",
            ["model"] = encoder.ModelName,
            ["query_tokens"] = 32,
            ["query_tokens_with_prefix"] = encoder.CountQueryTokens(query),
            ["intra_op_threads"] = 1,
            ["iterations"] = iterations,
            ["median_ms"] = latency.Median,
            ["p95_ms"] = latency.P95,
            ["peer"] = "target from issue #6: 15 ms per 32-token query on one core",
            ["peer_ms"] = TargetMilliseconds,
            ["ratio_median_to_peer"] = latency.Median / TargetMilliseconds,
        };

        if (dataset is not null)
        {
            result["int8"] = Int8RecallBenchmark.Run(encoder, BeirDataset.Load(dataset), cache);
        }

        Console.WriteLine(JsonSerializer.Serialize(result, Indented));
        return 0;
    }

    /// <summary>A query of exactly 32 tokens, [CLS] and [SEP] included, built from ordinary words.</summary>
    private static string QueryOf32Tokens(DenseEncoder probe)
    {
        string[] words =
        [
            "how", "does", "the", "immune", "system", "respond", "to", "viral", "infection", "in", "older", "patients", "with", "chronic", "disease", "and",
            "what", "treatments", "reduce", "the", "risk", "of", "severe", "outcomes", "after", "hospital", "admission", "for", "pneumonia", "today",
        ];
        var text = string.Join(' ', words);
        if (probe.CountTokens(text) != 32)
        {
            throw new InvalidOperationException($"The benchmark query has {probe.CountTokens(text)} tokens, not 32.");
        }

        return text;
    }

    private static (double Median, double P95) MeasureQueryLatency(DenseEncoder encoder, string query, int iterations)
    {
        for (var i = 0; i < 20; i++)
        {
            encoder.EncodeQuery(query);
        }

        var samples = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            var started = Stopwatch.GetTimestamp();
            encoder.EncodeQuery(query);
            samples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        Array.Sort(samples);
        return (samples[iterations / 2], samples[(int)(iterations * 0.95)]);
    }
}
