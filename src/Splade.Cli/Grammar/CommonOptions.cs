using System.CommandLine;

namespace Splade.Cli.Grammar;

/// <summary>The options that mean the same thing in every command, spelled the same everywhere: <c>-i/--input</c>,
/// <c>-o/--output</c> (<c>-</c> for standard input and output), <c>-k/--top-k</c>, <c>--json</c>, <c>--text</c>.</summary>
internal static class CommonOptions
{
    /// <summary><c>-i/--input FILE|-</c>.</summary>
    public static Option<string?> Input(string description, bool required = false) => new("--input", "-i")
    {
        Description = $"{description} - reads standard input.",
        HelpName = "FILE|-",
        Required = required,
    };

    /// <summary><c>-o/--output FILE|-</c>: written whole or not at all; <c>-</c> or no option writes standard output.</summary>
    public static Option<string?> Output(string description) => new("--output", "-o")
    {
        Description = $"{description} (default: standard output; a file is written whole or not at all).",
        HelpName = "FILE|-",
    };

    /// <summary><c>-k/--top-k N</c>, checked to lie in [<paramref name="minimum"/>, <paramref name="maximum"/>].</summary>
    public static Option<int> TopK(string description, int defaultValue, int minimum = 1, int maximum = int.MaxValue)
    {
        var option = new Option<int>("--top-k", "-k")
        {
            Description = $"{description} Default: {defaultValue}.",
            DefaultValueFactory = _ => defaultValue,
            HelpName = "N",
        };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is var value && (value < minimum || value > maximum))
            {
                result.AddError(maximum == int.MaxValue
                    ? $"-k/--top-k must be at least {minimum}; got {value}."
                    : $"-k/--top-k must be between {minimum} and {maximum}; got {value}.");
            }
        });
        return option;
    }

    /// <summary><c>--json</c>: print JSON instead of a table.</summary>
    public static Option<bool> Json(string what) => new("--json") { Description = $"Print {what} as one line of JSON instead of a table." };

    /// <summary>An option that must be at least <paramref name="minimum"/> when given.</summary>
    public static Option<int?> AtLeast(string name, int minimum, string description)
    {
        var option = new Option<int?>(name) { Description = description, HelpName = "N" };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is { } value && value < minimum)
            {
                result.AddError($"{name} must be at least {minimum}; got {value}.");
            }
        });
        return option;
    }
}
