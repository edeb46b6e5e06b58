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
            Description = "With --approximate: the mean recall@10 against exact search that approximate search must reach, in (0, 1] "
                + "(default 0.95); the build tunes for it on the collection itself.",
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
            Description = "With --approximate: JSON lines of sample queries {\"indices\",\"values\"} to tune on; default: documents of the "
                + "collection, held out of their own results.",
            HelpName = "FILE",
        };
        var tuneSample = CommonOptions.AtLeast(
            "--tune-sample", 1, "With --approximate and no --tune-queries: how many documents, sampled at random, serve as tuning queries (default 200).");
        var densePrecision = EnumOption.Create(
            "--dense-precision",
            "How dense vectors are stored: float32 (exact) or int8 (a quarter of the bytes; scores within scale/2 x |query|_1). Fixed for the index's life.",
            DensePrecision.Float32);
        var wait = WaitOption.Create();
        var command = new Command("build", "Build a new index from JSON lines of sparse (and optionally dense) vectors.")
        {
            input, densePrecision, approximate, targetRecall, tuneQueries, tuneSample, wait,
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
            else if (Given.Option(result, tuneQueries) && Given.Option(result, tuneSample))
            {
                result.AddError("--tune-sample samples the documents when there is no --tune-queries file; give one of them.");
            }
        });

        command.SetAction(parse => CommandErrors.Run(() =>
        {
            var folder = output.GetValue(parse)!;
            if (File.Exists(folder))
            {
                throw new InputFormatException(folder, 0, null, "is a file, not a folder for the index");
            }

            var watch = Stopwatch.StartNew();
            var isApproximate = parse.GetValue(approximate);
            var precision = parse.GetValue(densePrecision);
            var defaults = new IndexBuildOptions();
            var buildOptions = new IndexBuildOptions
            {
                Index = new IndexOptions
                {
                    Approximate = isApproximate ? ApproximateIndexOptions.Default : null,
                    DensePrecision = precision,
                    WriterLockTimeout = parse.GetValue(wait) ? Timeout.InfiniteTimeSpan : TimeSpan.Zero,
                },
                TargetRecall = parse.GetValue(targetRecall) ?? defaults.TargetRecall,
                TuningQueries = parse.GetValue(tuneQueries) is { } queryFile ? SampleQueries.Load(queryFile) : null,
                TuningSampleSize = parse.GetValue(tuneSample) ?? defaults.TuningSampleSize,
            };
            using var index = DocumentLoader.Build(folder, parse.GetValue(input)!, buildOptions);
            IndexFolder.WarnAboutRecovery(index);
            long loaded = index.Count;
            ApproximateTuningOutput? tuning = null;
            if (index.GetStatistics() is { ApproximateSearch: { } knobs, ApproximateTunedRecall: { } tunedRecall } tuned)
            {
                var reached = tunedRecall >= buildOptions.TargetRecall;
                tuning = new ApproximateTuningOutput(
                    buildOptions.TuningQueries?.Count ?? (int)Math.Min(buildOptions.TuningSampleSize, loaded), buildOptions.TargetRecall,
                    Math.Round(tunedRecall, 4), reached, knobs.QueryTerms, knobs.HeapFactor)
                {
                    SearchesExactly = tuned.ApproximateSearchesExactly,
                };
                if (tuned.ApproximateSearchesExactly)
                {
                    var why = reached
                        ? "reached the target recall but was not faster than exact search"
                        : $"could not reach the target recall (best {tunedRecall:F3})";
                    Console.Error.WriteLine(
                        $"warning: approximate search {why} on this collection's tuning sample; searches will run exactly "
                        + "(--algorithm approximate still forces it).");
                }
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
