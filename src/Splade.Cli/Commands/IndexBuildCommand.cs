using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Splade.Index;
using Splade.Index.Approximate;

namespace Splade.Cli.Commands;

/// <summary>
/// <c>splade index build --input vectors.jsonl --out DIR [--dense-precision float32|int8] [--approximate [--target-recall R] [--tune-queries FILE]]</c>:
/// creates a new index from a JSON-lines file of vectors, optionally with int8 dense storage and approximate indexes tuned for a target recall.
/// </summary>
internal static class IndexBuildCommand
{
    public static Command Create()
    {
        var input = new Option<string>("--input")
        {
            Description = "JSON lines {\"id\",\"indices\",\"values\"} plus optional \"metadata\", \"text\", \"dense\".",
            Required = true,
        };
        var output = new Option<string>("--out") { Description = "The index folder to create; it must not already hold an index.", Required = true };
        var approximate = new Option<bool>("--approximate")
        {
            Description = "Also build an approximate index per segment; searches then default to approximate search.",
        };
        var targetRecall = new Option<double?>("--target-recall")
        {
            Description = "With --approximate: tune the approximate query knobs for this mean recall@10, in (0, 1].",
        };
        var tuneQueries = new Option<string?>("--tune-queries")
        {
            Description = "With --target-recall: a JSON-lines file of sample queries {\"id\",\"indices\",\"values\"}; default: a sample of the documents.",
        };
        var tuneSample = new Option<int>("--tune-sample")
        {
            Description = "With --target-recall and no --tune-queries: how many documents, evenly spread, serve as sample queries.",
            DefaultValueFactory = _ => 100,
        };
        var densePrecision = new Option<string>("--dense-precision")
        {
            Description =
                "How dense vectors are stored: float32 (exact) or int8 (a quarter of the bytes; scores within scale/2 x " +
                "|query|_1). Fixed for the index's life.",
            DefaultValueFactory = _ => "float32",
        };
        densePrecision.AcceptOnlyFromAmong("float32", "int8");
        var command = new Command("build", "Build a new index from a JSON-lines file of sparse vectors.")
        {
            input, output, densePrecision, approximate, targetRecall, tuneQueries, tuneSample,
        };
        command.SetAction(parse => CommandErrors.Run(() =>
        {
            var folder = parse.GetValue(output)!;
            if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
            {
                Console.Error.WriteLine($"error: '{folder}' is not empty; use 'splade index add' to add to an existing index.");
                return ExitCodes.InputError;
            }

            var recall = parse.GetValue(targetRecall);
            var isApproximate = parse.GetValue(approximate);
            if (!isApproximate && (recall is not null || parse.GetValue(tuneQueries) is not null))
            {
                Console.Error.WriteLine("error: --target-recall and --tune-queries need --approximate.");
                return ExitCodes.UsageError;
            }

            if (recall is { } target && !(target > 0d && target <= 1d))
            {
                Console.Error.WriteLine($"error: --target-recall must be in (0, 1]; got {target}.");
                return ExitCodes.UsageError;
            }

            var watch = Stopwatch.StartNew();
            var inputPath = parse.GetValue(input)!;
            var precision = parse.GetValue(densePrecision) == "int8" ? DensePrecision.Int8 : DensePrecision.Float32;
            using var index = SparseIndex.Open(folder, new IndexOptions
            {
                Approximate = isApproximate ? ApproximateIndexOptions.Default : null,
                DensePrecision = precision,
            });
            var loaded = DocumentLoader.Load(index, inputPath);
            index.Flush();
            index.WaitForMerges();
            var report = new Dictionary<string, object>
            {
                ["documents"] = loaded,
                ["approximate"] = isApproximate,
                ["densePrecision"] = parse.GetValue(densePrecision)!,
            };
            if (recall is { } goal && loaded > 0)
            {
                var samples = SampleQueries.Load(parse.GetValue(tuneQueries), inputPath, parse.GetValue(tuneSample));
                var tuned = index.TuneApproximate(samples, goal);
                report["tuning"] = new Dictionary<string, object>
                {
                    ["queries"] = samples.Count,
                    ["targetRecall"] = goal,
                    ["recall"] = Math.Round(tuned.Recall, 4),
                    ["reachedTarget"] = tuned.ReachedTarget,
                    ["queryTerms"] = tuned.Options.QueryTerms,
                    ["heapFactor"] = tuned.Options.HeapFactor,
                };
            }

            var statistics = index.GetStatistics();
            report["segments"] = statistics.Segments;
            report["bytes"] = statistics.SegmentBytes;
            report["seconds"] = Math.Round(watch.Elapsed.TotalSeconds, 3);
            Console.Out.WriteLine(JsonSerializer.Serialize(report));
            return ExitCodes.Success;
        }));
        return command;
    }
}
