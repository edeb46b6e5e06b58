using System.CommandLine;
using System.Text.Json;
using Splade.Index;

namespace Splade.Cli.Commands;

/// <summary><c>splade index stats DIR</c>: prints the index's statistics as JSON.</summary>
internal static class IndexStatsCommand
{
    public static Command Create()
    {
        var folder = new Argument<string>("DIR") { Description = "The index folder." };
        var command = new Command("stats", "Print an index's statistics as JSON.") { folder };
        command.SetAction(parse => CommandErrors.Run(() =>
        {
            var path = parse.GetValue(folder)!;
            IndexFolder.RequireExisting(path);
            using var index = SparseIndex.Open(path);
            Console.Out.WriteLine(JsonSerializer.Serialize(index.GetStatistics(), CliJson.Options));
            return ExitCodes.Success;
        }));
        return command;
    }
}
