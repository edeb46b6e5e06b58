using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Splade.Bench.CommandLine;
using Splade.Bench.Encoder;
using Splade.Encoding;

namespace Splade.Bench.Quantize;

/// <summary>
/// Benchmark "graph-pooling-run": one process that loads one model folder and encodes one set of documents at one batch size,
/// then prints its encoding time and peak resident memory. "graph-pooling" runs it once per variant, so that each figure is a
/// whole process's own (it can also be run under <c>/usr/bin/time -v</c>).
/// </summary>
internal static class GraphPoolingRun
{
    public static Command Create()
    {
        var model = BenchOption.ExistingFolder("--model", "", "The model folder to load.");
        model.Required = true;
        var datasets = BenchOption.ExistingFolder("--datasets", BenchPaths.Datasets, "The folder of BEIR collections.");
        var collection = BenchOption.Text("--collection", "cisi", "The collection whose documents are encoded.");
        var documents = BenchOption.Int("--docs", 32, "Documents encoded.");
        var batch = BenchOption.Int("--batch", 32, "Batch size.");
        var tokens = BenchOption.Int(
            "--tokens", 0, "0: the documents as they are (cut at the model's limit); N: each repeated until it fills N tokens.", 0, 512);
        tokens.CustomParser = result => result.Tokens.Count == 1 && result.Tokens[0].Value == "natural" ? 0
            : int.TryParse(result.Tokens.Count == 1 ? result.Tokens[0].Value : "", CultureInfo.InvariantCulture, out var value) ? value
            : Fail(result);
        var threads = BenchOption.Int("--threads", Environment.ProcessorCount, "Intra-op threads.");
        var command = new Command("graph-pooling-run", "One process that encodes documents with one model folder and prints its time and peak memory.")
        {
            model, datasets, collection, documents, batch, tokens, threads,
        };
        command.SetAction(parse => Run(
            Path.GetFullPath(parse.GetValue(model)!),
            Path.Combine(parse.GetValue(datasets)!, parse.GetValue(collection)!),
            parse.GetValue(documents),
            parse.GetValue(batch),
            parse.GetValue(tokens),
            parse.GetValue(threads)));
        return command;
    }

    private static int Fail(System.CommandLine.Parsing.ArgumentResult result)
    {
        result.AddError("--tokens takes natural or a token count.");
        return 0;
    }

    private static int Run(string model, string collectionFolder, int docs, int batch, int tokens, int threads)
    {
        var texts = BenchCorpus.Read(collectionFolder, docs, 0).Documents;
        int? maxLength = null;
        if (tokens > 0)
        {
            maxLength = tokens;
            texts = BenchCorpus.Lengthen(texts, tokens * 12);
        }

        var clock = Stopwatch.StartNew();
        using var encoder = SpladeEncoder.Load(model, new SpladeEncoderOptions { BatchSize = batch, MaxLength = maxLength, IntraOpThreads = threads });
        var loadSeconds = clock.Elapsed.TotalSeconds;
        var afterLoad = PeakMemory.ResidentMiB();
        clock.Restart();
        var vectors = encoder.EncodeBatch(texts);
        var encodeSeconds = clock.Elapsed.TotalSeconds;
        double checksum = 0;
        foreach (var vector in vectors)
        {
            foreach (var value in vector.Values)
            {
                checksum += value;
            }
        }

        Console.Out.WriteLine(JsonSerializer.Serialize(new
        {
            model,
            documents = texts.Length,
            tokens = tokens == 0 ? "natural" : tokens.ToString(CultureInfo.InvariantCulture),
            batch_size = batch,
            threads,
            load_seconds = loadSeconds,
            encode_seconds = encodeSeconds,
            documents_per_second = texts.Length / encodeSeconds,
            peak_rss_mib_after_load = afterLoad,
            peak_rss_mib = PeakMemory.ResidentMiB(),
            checksum,
        }));
        return 0;
    }
}
