using System.CommandLine;
using System.Reflection;

namespace Splade.Cli.Commands;

/// <summary><c>splade version</c>: prints the tool's version.</summary>
internal static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("version", "Print the version of the splade tool.");
        command.SetAction(_ =>
        {
            var version = typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
            Console.Out.WriteLine(version);
            return ExitCodes.Success;
        });
        return command;
    }
}
