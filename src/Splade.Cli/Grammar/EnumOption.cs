using System.CommandLine;
using System.CommandLine.Parsing;

namespace Splade.Cli.Grammar;

/// <summary>Options whose value is an enum, read through <see cref="EnumSpellings"/>, so no command maps strings to enums by hand and
/// a wrong value is a parse error that lists the accepted ones.</summary>
internal static class EnumOption
{
    /// <summary>An option with a default value.</summary>
    public static Option<T> Create<T>(string name, string description, T defaultValue, params string[] aliases)
        where T : struct, Enum
    {
        var option = new Option<T>(name, aliases)
        {
            Description = $"{description} Default: {EnumSpellings.Of(defaultValue)}.",
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result => Parse<T>(result, name) ?? default,
        };
        Describe<T>(option);
        return option;
    }

    /// <summary>An option that is null when not given.</summary>
    public static Option<T?> CreateOptional<T>(string name, string description, params string[] aliases)
        where T : struct, Enum
    {
        var option = new Option<T?>(name, aliases)
        {
            Description = description,
            CustomParser = result => Parse<T>(result, name),
        };
        Describe<T>(option);
        return option;
    }

    private static void Describe<T>(Option option)
        where T : struct, Enum
    {
        var names = EnumSpellings.All<T>();
        option.HelpName = string.Join('|', names);
        option.CompletionSources.Add(names);
    }

    private static T? Parse<T>(ArgumentResult result, string name)
        where T : struct, Enum
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
        if (EnumSpellings.TryParse<T>(text, out var value))
        {
            return value;
        }

        result.AddError($"{name}: '{text}' is not one of {string.Join(", ", EnumSpellings.All<T>())}.");
        return null;
    }
}
