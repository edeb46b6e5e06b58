using System.Globalization;

namespace Splade.Bench.Encoder;

/// <summary>The encoder benchmark's command line.</summary>
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
    int Rounds)
{
    public static BenchOptions Parse(string[] args)
    {
        string Value(string name, string fallback)
        {
            var at = Array.IndexOf(args, name);
            return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
        }

        int Number(string name, int fallback) => int.Parse(Value(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

        return new BenchOptions(
            Value("--datasets", "/work/shared/datasets"),
            Value("--collection", "cisi"),
            Number("--docs", 64),
            Number("--queries", 20),
            Value("--threads", "1,2").Split(',').Select(t => int.Parse(t, CultureInfo.InvariantCulture)).ToArray(),
            Number("--equal-length", 512),
            Path.GetFullPath(Value("--model", Path.Combine(Path.GetTempPath(), "splade-bench", "bert-base-random"))),
            Value("--python", "python3"),
            Path.GetFullPath(Value("--peer-script", Path.Combine("bench", "peers", "bert_mlm_peer.py"))),
            Path.GetFullPath(Value("--tokenizer", Path.Combine("tests", "fixtures", "tiny-splade-random"))),
            args.Contains("--no-peer"),
            args.Contains("--ours-only"),
            Math.Max(1, Number("--rounds", 2)));
    }
}
