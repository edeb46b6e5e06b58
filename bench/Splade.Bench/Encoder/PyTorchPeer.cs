using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Splade.Core;

namespace Splade.Bench.Encoder;

/// <summary>
/// Runs bench/peers/bert_mlm_peer.py: exports the random BERT-base ONNX model, and times PyTorch on the same ids, one process per
/// round. The peer's threading is set before Python starts: BLAS and OpenMP held to the torch thread count, the BLAS library
/// chosen by folder (<see cref="BlasFolder"/>), and the OpenMP wait policy (<see cref="OmpWaitPolicy"/>).
/// </summary>
/// <remarks>
/// Why these settings, measured on the two-core development machine (docs/benchmarks.md, "Encoder"): with OpenBLAS's pthreads
/// build, PyTorch's OpenMP pool and OpenBLAS's own pool both spin on the two cores, and a two-thread query (batch 1) took three
/// times as long as a one-thread one; the OpenMP build of OpenBLAS runs its GEMMs on PyTorch's OpenMP pool instead, and the
/// passive wait policy stops idle threads from spinning while the other thread works.
/// </remarks>
internal sealed class PyTorchPeer(string python, string script, string blasFolder, string ompWaitPolicy)
{
    /// <summary>Debian's OpenMP build of OpenBLAS (package libopenblas0-openmp), the default BLAS of the peer when present.</summary>
    public const string DebianOpenMpBlas = "/usr/lib/x86_64-linux-gnu/openblas-openmp";

    public sealed record Result(
        string Torch,
        string Blas,
        double MatmulGflops,
        double DocumentsPerSecond,
        double QueryMs,
        SparseVector[] Documents,
        SparseVector[] Queries);

    /// <summary>The folder whose libblas.so.3 the peer loads (first on LD_LIBRARY_PATH); empty for the system's default BLAS.</summary>
    public string BlasFolder { get; } = blasFolder;

    /// <summary>OMP_WAIT_POLICY for the peer: PASSIVE or ACTIVE.</summary>
    public string OmpWaitPolicy { get; } = ompWaitPolicy;

    /// <summary>The faster of two measurements of the peer, figure by figure.</summary>
    public static Result Best(Result a, Result b) => a with
    {
        MatmulGflops = Math.Max(a.MatmulGflops, b.MatmulGflops),
        DocumentsPerSecond = Math.Max(a.DocumentsPerSecond, b.DocumentsPerSecond),
        QueryMs = Math.Min(a.QueryMs, b.QueryMs),
    };

    /// <summary>The peer's configuration, for the report.</summary>
    public object Describe() => new
    {
        batches = "sorted by length, longest first, each padded to its longest sequence (as ours)",
        pooling = "masked-LM head a few rows at a time within 128 MiB of logits, max over valid positions, then log(1 + relu)",
        blas_folder = BlasFolder.Length == 0 ? "system default libblas.so.3" : BlasFolder,
        omp_wait_policy = OmpWaitPolicy,
        threads = "torch.set_num_threads = OMP_NUM_THREADS = OPENBLAS_NUM_THREADS = MKL_NUM_THREADS = the run's thread count; " +
            "torch.set_num_interop_threads(1)",
    };

    public void Export(string modelFolder, string tokenizerFolder)
        => Run(["export", "--out", modelFolder, "--tokenizer", tokenizerFolder], Environment.ProcessorCount);

    public Result Time(IReadOnlyList<int[]> documents, IReadOnlyList<int[]> queries, int threads, int batchSize)
    {
        var input = Path.Combine(Path.GetTempPath(), $"splade-peer-in-{Guid.NewGuid():N}.json");
        var output = Path.ChangeExtension(input, ".out.json");
        try
        {
            File.WriteAllText(input, JsonSerializer.Serialize(new { documents, queries }));
            Run(["run", "--input", input, "--output", output, "--threads", $"{threads}", "--batch-size", $"{batchSize}"], threads);
            using var document = JsonDocument.Parse(File.ReadAllBytes(output));
            var root = document.RootElement;
            return new Result(
                root.GetProperty("torch").GetString()!,
                root.GetProperty("blas").GetString()!,
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
    private void Run(string[] arguments, int threads)
    {
        var start = new ProcessStartInfo(python) { UseShellExecute = false };
        foreach (var variable in new[] { "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS" })
        {
            start.Environment[variable] = threads.ToString(CultureInfo.InvariantCulture);
        }

        start.Environment["OMP_WAIT_POLICY"] = OmpWaitPolicy;
        if (BlasFolder.Length > 0)
        {
            var inherited = Environment.GetEnvironmentVariable("LD_LIBRARY_PATH");
            start.Environment["LD_LIBRARY_PATH"] = string.IsNullOrEmpty(inherited) ? BlasFolder : $"{BlasFolder}:{inherited}";
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
