using System.CommandLine;
using Splade.Cli.Output;
using Splade.Index;

namespace Splade.Cli.Commands;

/// <summary><c>splade index stats DIR</c>: prints the index's statistics as one line of JSON (<c>--json</c> says so explicitly).</summary>
internal static class IndexStatsCommand
{
    public static Command Create()
    {
        var folder = new Argument<string>("DIR") { Description = "The index folder." };
        var json = new Option<bool>("--json") { Description = "Print JSON (the default: the statistics are always printed as one line of JSON)." };
        var command = new Command("stats", "Print an index's statistics as JSON.") { folder, json };
        command.SetAction(parse => CommandErrors.Run(() =>
        {
            var path = parse.GetValue(folder)!;
            using var index = IndexFolder.OpenReader(path);
            CliJson.WriteLine(index.GetStatistics(), CliJsonContext.Default.IndexStatistics);
            return ExitCodes.Success;
        }));
        return command;
    }
}
