using System.Diagnostics;
using System.Text.Json;
using Splade.Core;

namespace Splade.Bench.Encoder;

/// <summary>Runs bench/peers/bert_mlm_peer.py: exports the random BERT-base ONNX model, and times PyTorch on the same ids.</summary>
internal static class PyTorchPeer
{
    public sealed record Result(string Torch, double MatmulGflops, double DocumentsPerSecond, double QueryMs, SparseVector[] Documents, SparseVector[] Queries);

    public static void Export(string python, string script, string modelFolder, string tokenizerFolder)
        => Run(python, script, ["export", "--out", modelFolder, "--tokenizer", tokenizerFolder], Environment.ProcessorCount);

    public static Result Time(string python, string script, IReadOnlyList<int[]> documents, IReadOnlyList<int[]> queries, int threads, int batchSize)
    {
        var input = Path.Combine(Path.GetTempPath(), $"splade-peer-in-{Guid.NewGuid():N}.json");
        var output = Path.ChangeExtension(input, ".out.json");
        try
        {
            File.WriteAllText(input, JsonSerializer.Serialize(new { documents, queries }));
            Run(python, script, ["run", "--input", input, "--output", output, "--threads", $"{threads}", "--batch-size", $"{batchSize}"], threads);
            using var document = JsonDocument.Parse(File.ReadAllBytes(output));
            var root = document.RootElement;
            return new Result(
                root.GetProperty("torch").GetString()!,
                root.GetProperty("matmul_gflops").GetDouble(),
                root.GetProperty("documents_per_second").GetDouble(),
                root.GetProperty("query_ms").GetDouble(),
                ReadVectors(root.GetProperty("documents")),
                ReadVectors(root.GetProperty("queries")));
        }
        finally
        {
            File.Delete(input);
            File.Delete(output);
        }
    }

    private static SparseVector[] ReadVectors(JsonElement array)
        => array.EnumerateArray().Select(vector => SparseVector.FromJson(vector.GetRawText())).ToArray();

    /// <summary>Runs the script with BLAS and OpenMP held to <paramref name="threads"/>: OpenBLAS otherwise starts a thread per
    /// core under each of PyTorch's threads, so a one-thread run would use every core and a two-thread run would oversubscribe them.</summary>
    private static void Run(string python, string script, string[] arguments, int threads)
    {
        var start = new ProcessStartInfo(python) { UseShellExecute = false };
        foreach (var variable in new[] { "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS" })
        {
            start.Environment[variable] = threads.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {python}");
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{python} {script} {arguments[0]} exited with {process.ExitCode}");
        }
    }
}
