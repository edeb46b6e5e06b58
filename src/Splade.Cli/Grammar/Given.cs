using System.CommandLine;
using System.CommandLine.Parsing;

namespace Splade.Cli.Grammar;

/// <summary>Whether the user typed an option (a default value does not count), for the commands' cross-option validators.</summary>
internal static class Given
{
    /// <summary>Whether <paramref name="option"/> appears on the command line.</summary>
    public static bool Option(CommandResult result, Option option) => result.GetResult(option) is { Implicit: false };

    /// <summary>The first of <paramref name="options"/> that appears on the command line, or null.</summary>
    public static Option? First(CommandResult result, params Option[] options) => Array.Find(options, option => Option(result, option));

    /// <summary>Adds a cross-option rule to <paramref name="command"/>; it is skipped when an option's value failed to parse (that
    /// option's own error already says why, and its value cannot be read).</summary>
    public static void Rule(Command command, Action<CommandResult> rule) => command.Validators.Add(result =>
    {
        try
        {
            rule(result);
        }
        catch (InvalidOperationException)
        {
            // Reading a value that did not parse throws; the parse error is reported instead.
        }
    });

    /// <summary>The name the user knows an option by: its first alias when it has a short one, else its name (<c>-k/--top-k</c>).</summary>
    public static string NameOf(Option option)
    {
        var shortAlias = option.Aliases.FirstOrDefault(alias => alias.Length == 2);
        return shortAlias is null ? option.Name : $"{shortAlias}/{option.Name}";
    }
}
