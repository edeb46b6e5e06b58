using System.CommandLine;
using Splade.Bench.CommandLine;
using Splade.Index.Approximate;
using Splade.Cli.Synthetic;

namespace Splade.Bench.Approximate;

/// <summary>The approx benchmark's settings, read from its command line.</summary>
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
    /// <summary>The options of the <c>approx</c> command.</summary>
    internal sealed class Definitions
    {
        private static readonly SyntheticCorpusOptions CorpusDefaults = new() { Topics = 1000 };
        private static readonly ApproximateIndexOptions BuildDefaults = ApproximateIndexOptions.Default;

        public Option<int[]> Sizes { get; } =
            BenchOption.IntList("--sizes", [100_000, 1_000_000], "Corpus sizes, each measured in turn (at least 10 documents).", 10);

        public Option<int> Queries { get; } = BenchOption.Int("--queries", 500, "Evaluation queries.");

        public Option<int> TuningQueries { get; } = BenchOption.Int("--tuning-queries", 100, "Tuning queries, disjoint from the evaluation ones.");

        public Option<int> Seed { get; } = BenchOption.Int("--seed", CorpusDefaults.Seed, "The synthetic corpus's seed.", int.MinValue);

        public Option<int> Topics { get; } =
            BenchOption.Int("--topics", CorpusDefaults.Topics, "Latent topics of the synthetic corpus (0: no topical structure).", 0);

        public Option<double> TopicShare { get; } =
            BenchOption.Number("--topic-share", CorpusDefaults.TopicShare, "Share of a document's terms drawn from its topic.", 0, 1);

        public Option<int> TermsPerTopic { get; } = BenchOption.Int("--terms-per-topic", CorpusDefaults.TermsPerTopic, "Terms of each topic.");

        public Option<string> Output { get; } =
            BenchOption.Text("--out", Path.Combine("bench", "results"), "Where the JSON reports and the recall-latency plots are written.");

        public Option<int> Lambda { get; } =
            BenchOption.Int("--lambda", BuildDefaults.PostingsPerTerm, "Postings kept per term in the approximate index.");

        public Option<int> BlockSize { get; } = BenchOption.Int("--block-size", BuildDefaults.BlockSize, "Documents per block.");

        public Option<int> MaxSummaryTerms { get; } =
            BenchOption.Int("--max-summary-terms", BuildDefaults.MaxSummaryTerms, "Most terms in a block's summary.");

        public Option<double> Alpha { get; } =
            BenchOption.Number("--alpha", Math.Round((double)BuildDefaults.SummaryEnergy, 6), "Share of a block's weight mass its summary keeps.", 0, 1);

        public Option<string?> DocumentVectors { get; } = BenchOption.OptionalExistingFile(
            "--vectors", "Measure on these document vectors (JSON lines as `splade encode` writes them) instead of the synthetic corpus.");

        public Option<string?> QueryVectors { get; } =
            BenchOption.OptionalExistingFile("--query-vectors", "The query vectors that go with --vectors; every fifth is a tuning query.");

        public Option<string> MachineNote { get; } = BenchOption.Text(
            "--machine-note",
            "2 CPU cores (a shared VM): absolute timings are noisy; compare ratios measured in the same run",
            "A note on the machine, copied into the report.");

        public Option<int> MaxEngineSize { get; } = BenchOption.Int(
            "--max-engine-size", int.MaxValue, "Above this many documents the exact peer is an exhaustive scan of the forward index, not SparseIndex.");

        public void AddTo(Command command)
        {
            foreach (var option in new Option[]
            {
                Sizes, Queries, TuningQueries, Seed, Topics, TopicShare, TermsPerTopic, Output, Lambda, BlockSize, MaxSummaryTerms, Alpha,
                DocumentVectors, QueryVectors, MachineNote, MaxEngineSize,
            })
            {
                command.Options.Add(option);
            }

            command.Validators.Add(result =>
            {
                if ((result.GetValue(DocumentVectors) is null) != (result.GetValue(QueryVectors) is null))
                {
                    result.AddError("--vectors and --query-vectors go together.");
                }
            });
        }

        public ApproxSettings Read(ParseResult parse) => new(
            parse.GetValue(Sizes)!,
            parse.GetValue(Queries),
            parse.GetValue(TuningQueries),
            CorpusDefaults with
            {
                Seed = parse.GetValue(Seed),
                Topics = parse.GetValue(Topics),
                TopicShare = parse.GetValue(TopicShare),
                TermsPerTopic = parse.GetValue(TermsPerTopic),
            },
            parse.GetValue(Output)!,
            BuildDefaults with
            {
                PostingsPerTerm = parse.GetValue(Lambda),
                BlockSize = parse.GetValue(BlockSize),
                MaxSummaryTerms = parse.GetValue(MaxSummaryTerms),
                SummaryEnergy = (float)parse.GetValue(Alpha),
            },
            parse.GetValue(MachineNote)!,
            parse.GetValue(MaxEngineSize),
            parse.GetValue(DocumentVectors),
            parse.GetValue(QueryVectors));
    }
}
