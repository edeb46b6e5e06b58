using System.CommandLine;
using System.Text.Json;

namespace Splade.Cli.Commands;

/// <summary><c>splade index repair DIR</c>: opens an index whose write-ahead log is damaged or missing, keeps what can be verified,
/// commits it and says what was dropped.</summary>
internal static class IndexRepairCommand
{
    public static Command Create()
    {
        var folder = new Argument<string>("DIR") { Description = "The index folder." };
        var wait = WaitOption.Create();
        var command = new Command(
            "repair",
            "Open an index whose write-ahead log is damaged or missing: keep the writes that can be verified, drop the rest (listed on stderr "
            + "and in the JSON output) and commit.")
        {
            folder, wait,
        };
        command.SetAction(parse => CommandErrors.Run(() =>
        {
            using var index = IndexFolder.OpenWriter(parse.GetValue(folder)!, parse.GetValue(wait), recoverDamagedLog: true);
            index.Flush();
            var report = new Dictionary<string, object>
            {
                ["generation"] = index.Recovery.Generation,
                ["replayedOperations"] = index.Recovery.ReplayedOperations,
                ["dropped"] = index.Recovery.Dropped,
                ["documents"] = index.Count,
            };
            Console.Out.WriteLine(JsonSerializer.Serialize(report));
            return ExitCodes.Success;
        }));
        return command;
    }
}
