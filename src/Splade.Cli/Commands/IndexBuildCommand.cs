using System.CommandLine;
using System.Diagnostics;
using Splade.Cli.Grammar;
using Splade.Cli.Output;
using Splade.Index;
using Splade.Index.Approximate;
using Splade.Retrieval.Input;

namespace Splade.Cli.Commands;

/// <summary>
/// <c>splade index build -i vectors.jsonl -o DIR [--dense-precision float32|int8] [--approximate [--target-recall R] [--tune-queries FILE]]</c>:
/// creates a new index from JSON lines of vectors (a file, or standard input), optionally with int8 dense storage and approximate
/// indexes tuned for a target recall.
/// </summary>
internal static class IndexBuildCommand
{
    public static Command Create()
    {
        var input = CommonOptions.Input("JSON lines {\"id\",\"indices\",\"values\"} plus optional \"metadata\", \"text\", \"dense\".", required: true);
        var output = new RenamedOption<string?>(
            new Option<string?>("--output", "-o") { Description = "The index folder to create; it must not already hold anything.", HelpName = "DIR" },
            "--out");
        var approximate = new Option<bool>("--approximate")
        {
            Description = "Also build an approximate index per segment; searches then default to approximate search.",
        };
        var targetRecall = new Option<double?>("--target-recall")
        {
            Description = "With --approximate: tune the approximate query knobs for this mean recall@10, in (0, 1].",
            HelpName = "R",
        };
        targetRecall.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double?>() is { } value && !(value > 0 && value <= 1))
            {
                result.AddError($"--target-recall must be in (0, 1]; got {value}.");
            }
        });
        var tuneQueries = new Option<string?>("--tune-queries")
        {
            Description = "With --target-recall: JSON lines of sample queries {\"indices\",\"values\"}; default: a sample of the documents.",
            HelpName = "FILE",
        };
        var tuneSample = CommonOptions.AtLeast(
            "--tune-sample", 1, "With --target-recall and no --tune-queries: how many documents, evenly spread, serve as sample queries. Default: 100.");
        var densePrecision = EnumOption.Create(
            "--dense-precision",
            "How dense vectors are stored: float32 (exact) or int8 (a quarter of the bytes; scores within scale/2 x |query|_1). Fixed for the index's life.",
            DensePrecision.Float32);
        var command = new Command("build", "Build a new index from JSON lines of sparse (and optionally dense) vectors.")
        {
            input, densePrecision, approximate, targetRecall, tuneQueries, tuneSample,
        };
        output.AddTo(command);
        Given.Rule(command, result =>
        {
            if (!output.IsGiven(result))
            {
                result.AddError("Name the index folder to create with -o/--output DIR.");
            }

            if (!result.GetValue(approximate) && Given.First(result, targetRecall, tuneQueries, tuneSample) is { } tuning)
            {
                result.AddError($"{tuning.Name} tunes approximate search; add --approximate.");
            }
            else if (!Given.Option(result, targetRecall) && Given.First(result, tuneQueries, tuneSample) is { } sample)
            {
                result.AddError($"{sample.Name} chooses the sample that tuning for --target-recall runs on; add --target-recall.");
            }
            else if (Given.Option(result, tuneQueries) && Given.Option(result, tuneSample))
            {
                result.AddError("--tune-sample samples the documents when there is no --tune-queries file; give one of them.");
            }
        });

        command.SetAction(parse => CommandErrors.Run(() =>
        {
            var folder = output.GetValue(parse)!;
            if (File.Exists(folder) || (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any()))
            {
                throw new InputFormatException(folder, 0, null, "is not an empty folder; use `splade index add` to add to an existing index");
            }

            var watch = Stopwatch.StartNew();
            var isApproximate = parse.GetValue(approximate);
            var precision = parse.GetValue(densePrecision);
            using var index = SparseIndex.Open(folder, new IndexOptions
            {
                Approximate = isApproximate ? ApproximateIndexOptions.Default : null,
                DensePrecision = precision,
            });
            var loaded = DocumentLoader.Load(index, parse.GetValue(input)!);
            index.Flush();
            index.WaitForMerges();
            ApproximateTuningOutput? tuning = null;
            if (parse.GetValue(targetRecall) is { } goal && loaded > 0)
            {
                var samples = SampleQueries.Load(parse.GetValue(tuneQueries), index, parse.GetValue(tuneSample) ?? 100);
                var tuned = index.TuneApproximate(samples, goal);
                tuning = new ApproximateTuningOutput(
                    samples.Count, goal, Math.Round(tuned.Recall, 4), tuned.ReachedTarget, tuned.Options.QueryTerms, tuned.Options.HeapFactor);
            }

            var statistics = index.GetStatistics();
            var seconds = Math.Round(watch.Elapsed.TotalSeconds, 3);
            var report = new IndexBuildOutput(loaded, isApproximate, precision, statistics.Segments, statistics.SegmentBytes, seconds)
            {
                Tuning = tuning,
            };
            CliJson.WriteLine(report, CliJsonContext.Default.IndexBuildOutput);
            return ExitCodes.Success;
        }));
        return command;
    }
}
