using System.CommandLine;
using Splade.Bench.CommandLine;

namespace Splade.Bench.Encoder;

/// <summary>The encoder benchmark's settings, read from its command line.</summary>
internal sealed record BenchOptions(
    string Datasets,
    string Collection,
    int Documents,
    int Queries,
    int[] Threads,
    int EqualLength,
    string Model,
    string Python,
    string PeerScript,
    string Tokenizer,
    bool NoPeer,
    bool OursOnly,
    int Rounds,
    string PeerBlas,
    string PeerOmpWait)
{
    /// <summary>The options of the <c>encoder</c> command; one instance per command, since an option belongs to one command.</summary>
    internal sealed class Definitions
    {
        public Option<string> Datasets { get; } = BenchOption.ExistingFolder("--datasets", BenchPaths.Datasets, "The folder of BEIR collections.");

        public Option<string> Collection { get; } = BenchOption.Text("--collection", "cisi", "The collection whose documents and queries are encoded.");

        public Option<int> Documents { get; } = BenchOption.Int("--docs", 64, "Documents encoded at batch 32 (and repeated to --equal-length tokens).");

        public Option<int> Queries { get; } = BenchOption.Int("--queries", 20, "Queries encoded one at a time.");

        public Option<int[]> Threads { get; } = BenchOption.IntList("--threads", [1, 2], "Intra-op thread counts, each measured in turn.");

        public Option<int> EqualLength { get; } =
            BenchOption.Int("--equal-length", 512, "Token count of the equal-length run (documents repeated, then truncated).", 2, 512);

        public Option<string> Model { get; } = BenchOption.Text(
            "--model",
            Path.Combine(Path.GetTempPath(), "splade-bench", "bert-base-random"),
            "The BERT-base-shaped random masked LM; the PyTorch peer exports it here when the folder has no onnx/model.onnx.");

        public Option<string> Python { get; } = BenchOption.Text("--python", "python3", "The Python interpreter that has torch (the peer).");

        public Option<string> PeerScript { get; } = BenchOption.Text("--peer-script", BenchPaths.Peer("bert_mlm_peer.py"), "The PyTorch peer's script.");

        public Option<string> Tokenizer { get; } = BenchOption.ExistingFolder(
            "--tokenizer", Path.Combine(BenchPaths.Fixtures, "tiny-splade-random"), "Tokenizer files copied into an exported model.");

        public Option<bool> NoPeer { get; } = BenchOption.Flag("--no-peer", "Skip the PyTorch peer.");

        public Option<bool> OursOnly { get; } = BenchOption.Flag("--ours-only", "Skip the bare ONNX Runtime session and the PyTorch peer.");

        public Option<int> Rounds { get; } = BenchOption.Int(
            "--rounds", 2, "Alternating measurements of ours, the bare session and the peer; the best of each is reported.");

        public Option<string> PeerBlas { get; } = BenchOption.Text(
            "--peer-blas",
            Directory.Exists(PyTorchPeer.DebianOpenMpBlas) ? PyTorchPeer.DebianOpenMpBlas : "",
            "The folder whose libblas.so.3 the PyTorch peer loads (put first on LD_LIBRARY_PATH); empty: the system's default BLAS.");

        public Option<string> PeerOmpWait { get; } = OmpWaitOption();

        public Definitions()
        {
            PeerBlas.Validators.Add(result =>
            {
                if (result.GetValueOrDefault<string>() is { Length: > 0 } folder && !File.Exists(Path.Combine(folder, "libblas.so.3")))
                {
                    result.AddError($"--peer-blas: the folder '{folder}' has no libblas.so.3.");
                }
            });
        }

        public Option[] All =>
        [
            Datasets, Collection, Documents, Queries, Threads, EqualLength, Model, Python, PeerScript, Tokenizer, NoPeer, OursOnly, Rounds,
            PeerBlas, PeerOmpWait,
        ];

        public BenchOptions Read(ParseResult parse) => new(
            parse.GetValue(Datasets)!,
            parse.GetValue(Collection)!,
            parse.GetValue(Documents),
            parse.GetValue(Queries),
            parse.GetValue(Threads)!,
            parse.GetValue(EqualLength),
            Path.GetFullPath(parse.GetValue(Model)!),
            parse.GetValue(Python)!,
            Path.GetFullPath(parse.GetValue(PeerScript)!),
            Path.GetFullPath(parse.GetValue(Tokenizer)!),
            parse.GetValue(NoPeer),
            parse.GetValue(OursOnly),
            parse.GetValue(Rounds),
            parse.GetValue(PeerBlas)!,
            parse.GetValue(PeerOmpWait)!);

        private static Option<string> OmpWaitOption()
        {
            var option = BenchOption.Text("--peer-omp-wait", "PASSIVE", "OMP_WAIT_POLICY of the PyTorch peer.");
            option.AcceptOnlyFromAmong("PASSIVE", "ACTIVE");
            return option;
        }
    }
}
