using System.Globalization;
using Splade.Index;
using Splade.Index.Approximate;
using Splade.Index.Synthetic;

namespace Splade.Bench.Approximate;

/// <summary>The approx benchmark's command-line settings.</summary>
internal sealed record ApproxSettings(
    int[] Sizes,
    int Queries,
    int TuningQueries,
    SyntheticCorpusOptions Corpus,
    string OutputDirectory,
    ApproximateIndexOptions BuildOptions,
    string MachineNote,
    int MaxEngineSize,
    string? DocumentVectors,
    string? QueryVectors)
{
    public static ApproxSettings Parse(string[] args)
    {
        var sizes = new[] { 100_000, 1_000_000 };
        int queries = 500, tuning = 100, maxEngine = int.MaxValue;
        string? documentVectors = null, queryVectors = null;
        var corpus = new SyntheticCorpusOptions { Topics = 1000 };
        var output = Path.Combine("bench", "results");
        var options = ApproximateIndexOptions.Default;
        var note = "2 CPU cores (a shared VM): absolute timings are noisy; compare ratios measured in the same run";
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            i++;
            switch (args[i - 1])
            {
                case "--sizes": sizes = [.. value.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))]; break;
                case "--queries": queries = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--tuning-queries": tuning = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--seed": corpus = corpus with { Seed = int.Parse(value, CultureInfo.InvariantCulture) }; break;
                case "--topics": corpus = corpus with { Topics = int.Parse(value, CultureInfo.InvariantCulture) }; break;
                case "--topic-share": corpus = corpus with { TopicShare = double.Parse(value, CultureInfo.InvariantCulture) }; break;
                case "--terms-per-topic": corpus = corpus with { TermsPerTopic = int.Parse(value, CultureInfo.InvariantCulture) }; break;
                case "--out": output = value; break;
                case "--lambda": options = options with { PostingsPerTerm = int.Parse(value, CultureInfo.InvariantCulture) }; break;
                case "--block-size": options = options with { BlockSize = int.Parse(value, CultureInfo.InvariantCulture) }; break;
                case "--max-summary-terms": options = options with { MaxSummaryTerms = int.Parse(value, CultureInfo.InvariantCulture) }; break;
                case "--alpha": options = options with { SummaryEnergy = float.Parse(value, CultureInfo.InvariantCulture) }; break;
                case "--vectors": documentVectors = value; break;
                case "--query-vectors": queryVectors = value; break;
                case "--machine-note": note = value; break;
                case "--max-engine-size": maxEngine = int.Parse(value, CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException(
                    $"Unknown option {args[i - 1]}; known: --sizes, --queries, --tuning-queries, --seed, --topics, --topic-share, --terms-per-topic, --out, " +
                    "--lambda, --block-size, --alpha, --max-summary-terms, --machine-note, --max-engine-size, --vectors, --query-vectors.");
            }
        }

        if ((documentVectors is null) != (queryVectors is null))
        {
            throw new ArgumentException("--vectors and --query-vectors go together.");
        }

        return new ApproxSettings(sizes, queries, tuning, corpus, output, options, note, maxEngine, documentVectors, queryVectors);
    }
}
