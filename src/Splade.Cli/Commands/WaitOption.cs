using System.CommandLine;

namespace Splade.Cli.Commands;

/// <summary>The <c>--wait</c> flag of the commands that write an index.</summary>
internal static class WaitOption
{
    public static Option<bool> Create() => new("--wait")
    {
        Description = "When another process is writing the index, wait for it to finish instead of failing (an index has one writer at a time).",
    };
}
