using System.CommandLine;
using System.CommandLine.Parsing;

namespace Splade.Cli.Grammar;

/// <summary>An option under its current name plus its earlier spelling, still accepted but hidden from help, so that command lines
/// written for earlier releases keep working while help shows one grammar.</summary>
/// <typeparam name="T">The option's value type.</typeparam>
internal sealed class RenamedOption<T>
{
    /// <summary>Pairs <paramref name="current"/> (configure it fully first: its parser and validators are copied) with a hidden
    /// option named <paramref name="oldName"/> (and <paramref name="oldAliases"/>).</summary>
    public RenamedOption(Option<T> current, string oldName, params string[] oldAliases)
    {
        Current = current;
        Old = new Option<T>(oldName, oldAliases) { Hidden = true, Description = current.Description, CustomParser = current.CustomParser };
        foreach (var validator in current.Validators)
        {
            Old.Validators.Add(validator);
        }
    }

    /// <summary>The option under its current name.</summary>
    public Option<T> Current { get; }

    /// <summary>The hidden option under the earlier name.</summary>
    public Option<T> Old { get; }

    /// <summary>Adds both spellings to <paramref name="command"/> and refuses a command line that gives both.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(Current);
        command.Options.Add(Old);
        Given.Rule(command, result =>
        {
            if (Given.Option(result, Current) && Given.Option(result, Old))
            {
                result.AddError($"{Old.Name} is the earlier spelling of {Given.NameOf(Current)}; give one of them.");
            }
        });
    }

    /// <summary>Whether either spelling appears on the command line.</summary>
    public bool IsGiven(CommandResult result) => Given.Option(result, Current) || Given.Option(result, Old);

    /// <summary>The value under whichever spelling was given, else the current option's default.</summary>
    public T? GetValue(ParseResult parse) => parse.GetResult(Old) is { Implicit: false } ? parse.GetValue(Old) : parse.GetValue(Current);

    /// <summary>The value while validating, as <see cref="GetValue(ParseResult)"/>.</summary>
    public T? GetValue(CommandResult result) => result.GetResult(Old) is { Implicit: false } ? result.GetValue(Old) : result.GetValue(Current);
}
