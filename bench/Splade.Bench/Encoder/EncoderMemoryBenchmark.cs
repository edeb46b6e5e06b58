using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Splade.Bench.CommandLine;
using Splade.Encoding;

namespace Splade.Bench.Encoder;

/// <summary>
/// Benchmark "encoder-memory": the peak resident memory of a process that loads one encoder and encodes 512-token documents
/// at batch 32, the case the memory target names. The encoder benchmark runs it as a child process, so that the sessions and
/// the bare session it measures for speed do not count.
/// </summary>
internal static class EncoderMemoryBenchmark
{
    private const int Tokens = 512;

    public static Command Create()
    {
        var datasets = BenchOption.ExistingFolder("--datasets", BenchPaths.Datasets, "The folder of BEIR collections.");
        var collection = BenchOption.Text("--collection", "cisi", "The collection whose documents are encoded.");
        var documents = BenchOption.Int("--docs", 64, "Documents, each repeated to 512 tokens.");
        var model = BenchOption.Text("--model", Path.Combine(Path.GetTempPath(), "splade-bench", "bert-base-random"), "The model folder.");
        var threads = BenchOption.Int("--threads", 1, "Intra-op threads.");
        var command = new Command(
            "encoder-memory",
            "Peak resident memory of one encoder encoding 512-token documents at batch 32 (the encoder benchmark runs it in a child process).")
        {
            datasets, collection, documents, model, threads,
        };
        command.SetAction(
            parse => Run(parse.GetValue(datasets)!, parse.GetValue(collection)!, parse.GetValue(documents), parse.GetValue(model)!, parse.GetValue(threads)));
        return command;
    }

    private static int Run(string datasets, string collection, int documents, string model, int threads)
    {
        var corpus = BenchCorpus.Read(Path.Combine(datasets, collection), documents, 0);
        var texts = BenchCorpus.Lengthen(corpus.Documents, Tokens * 12);
        var beforeLoad = PeakMemory.ResidentMiB();
        using var encoder = SpladeEncoder.Load(
            model, new SpladeEncoderOptions { BatchSize = 32, MaxLength = Tokens, IntraOpThreads = threads });
        var loaded = PeakMemory.ResidentMiB();
        encoder.EncodeBatch(texts);
        Console.Out.WriteLine(JsonSerializer.Serialize(new
        {
            documents = texts.Length,
            tokens = Tokens,
            batch_size = 32,
            peak_rss_mib_before_load = beforeLoad,
            peak_rss_mib_after_load = loaded,
            peak_rss_mib = PeakMemory.ResidentMiB(),
        }));
        return 0;
    }

    /// <summary>Runs this benchmark in a fresh process of the same executable and returns its JSON.</summary>
    public static JsonElement RunInChild(BenchOptions options, int threads)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        // Under "dotnet Splade.Bench.dll" (dotnet run) the child needs the assembly path; the apphost runs it by itself.
        var entry = Environment.GetCommandLineArgs()[0];
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" && entry.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(entry);
        }

        foreach (var argument in new[]
        {
            "encoder-memory",
            "--datasets",
            options.Datasets,
            "--collection",
            options.Collection,
            "--docs",
            options.Documents.ToString(CultureInfo.InvariantCulture),
            "--model",
            options.Model,
            "--threads",
            threads.ToString(CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var child = Process.Start(start)!;
        var output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        if (child.ExitCode != 0)
        {
            throw new InvalidOperationException($"encoder-memory exited with code {child.ExitCode}.");
        }

        return JsonDocument.Parse(output).RootElement.Clone();
    }
}
