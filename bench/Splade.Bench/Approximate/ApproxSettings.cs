using System.Globalization;
using Splade.Index.Approximate;

namespace Splade.Bench.Approximate;

/// <summary>The approx benchmark's command-line settings.</summary>
internal sealed record ApproxSettings(int[] Sizes, int Queries, int TuningQueries, int Seed, string OutputDirectory, ApproximateIndexOptions BuildOptions, string MachineNote, int MaxEngineSize)
{
    public static ApproxSettings Parse(string[] args)
    {
        var sizes = new[] { 100_000, 1_000_000 };
        int queries = 500, tuning = 100, seed = 42, maxEngine = int.MaxValue;
        var output = Path.Combine("bench", "results");
        var options = ApproximateIndexOptions.Default;
        var note = "2 CPU cores shared with about 7 engineers building and testing at the same time: timings are noisy";
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            i++;
            switch (args[i - 1])
            {
                case "--sizes": sizes = [.. value.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))]; break;
                case "--queries": queries = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--tuning-queries": tuning = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--seed": seed = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--out": output = value; break;
                case "--lambda": options = options with { PostingsPerTerm = int.Parse(value, CultureInfo.InvariantCulture) }; break;
                case "--block-size": options = options with { BlockSize = int.Parse(value, CultureInfo.InvariantCulture) }; break;
                case "--alpha": options = options with { SummaryEnergy = float.Parse(value, CultureInfo.InvariantCulture) }; break;
                case "--machine-note": note = value; break;
                case "--max-engine-size": maxEngine = int.Parse(value, CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"Unknown option {args[i - 1]}; known: --sizes, --queries, --tuning-queries, --seed, --out, --lambda, --block-size, --alpha, --machine-note, --max-engine-size.");
            }
        }

        return new ApproxSettings(sizes, queries, tuning, seed, output, options, note, maxEngine);
    }
}
