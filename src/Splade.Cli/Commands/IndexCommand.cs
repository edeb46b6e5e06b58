using System.CommandLine;

namespace Splade.Cli.Commands;

/// <summary><c>splade index</c>: the group of commands that build and maintain an index folder.</summary>
internal static class IndexCommand
{
    public static Command Create()
    {
        var command = new Command("index", "Build, update and inspect a sparse index folder.");
        command.Subcommands.Add(IndexBuildCommand.Create());
        command.Subcommands.Add(IndexAddCommand.Create());
        command.Subcommands.Add(IndexDeleteCommand.Create());
        command.Subcommands.Add(IndexStatsCommand.Create());
        command.Subcommands.Add(IndexRepairCommand.Create());
        return command;
    }
}
