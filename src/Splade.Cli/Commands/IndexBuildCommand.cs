using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Splade.Index;

namespace Splade.Cli.Commands;

/// <summary><c>splade index build --input vectors.jsonl --out DIR</c>: creates a new index from a JSON-lines file of vectors.</summary>
internal static class IndexBuildCommand
{
    public static Command Create()
    {
        var input = new Option<string>("--input") { Description = "JSON lines {\"id\",\"indices\",\"values\"} plus optional \"metadata\", \"text\", \"dense\".", Required = true };
        var output = new Option<string>("--out") { Description = "The index folder to create; it must not already hold an index.", Required = true };
        var command = new Command("build", "Build a new index from a JSON-lines file of sparse vectors.") { input, output };
        command.SetAction(parse => CommandErrors.Run(() =>
        {
            var folder = parse.GetValue(output)!;
            if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
            {
                Console.Error.WriteLine($"error: '{folder}' is not empty; use 'splade index add' to add to an existing index.");
                return ExitCodes.InputError;
            }

            var watch = Stopwatch.StartNew();
            using var index = SparseIndex.Open(folder);
            var loaded = DocumentLoader.Load(index, parse.GetValue(input)!);
            index.Flush();
            index.WaitForMerges();
            var statistics = index.GetStatistics();
            Console.Out.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["documents"] = loaded,
                ["segments"] = statistics.Segments,
                ["bytes"] = statistics.SegmentBytes,
                ["seconds"] = Math.Round(watch.Elapsed.TotalSeconds, 3),
            }));
            return ExitCodes.Success;
        }));
        return command;
    }
}
