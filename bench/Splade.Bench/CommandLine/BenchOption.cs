using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Splade.Bench.CommandLine;

/// <summary>
/// Option factories shared by the bench entries: each option shows its default in <c>--help</c> and checks its range with a
/// validator, so that a bad value stops the run with a message naming the option before anything is built or measured.
/// </summary>
internal static class BenchOption
{
    /// <summary>A whole number in [<paramref name="minimum"/>, <paramref name="maximum"/>].</summary>
    public static Option<int> Int(string name, int fallback, string description, int minimum = 1, int maximum = int.MaxValue)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => fallback };
        option.Validators.Add(result => CheckRange(result, name, result.GetValueOrDefault<int>(), minimum, maximum));
        return option;
    }

    /// <summary>A number in [<paramref name="minimum"/>, <paramref name="maximum"/>]; NaN is refused.</summary>
    public static Option<double> Number(string name, double fallback, string description, double minimum, double maximum)
    {
        var option = new Option<double>(name) { Description = description, DefaultValueFactory = _ => fallback };
        option.Validators.Add(result => CheckRange(result, name, result.GetValueOrDefault<double>(), minimum, maximum));
        return option;
    }

    /// <summary>A comma-separated list of whole numbers, each at least <paramref name="minimum"/>, such as <c>1,2</c>.</summary>
    public static Option<int[]> IntList(string name, int[] fallback, string description, int minimum = 1)
    {
        var option = new Option<int[]>(name)
        {
            Description = description,
            DefaultValueFactory = _ => fallback,
            HelpName = "N[,N...]",
            CustomParser = result =>
            {
                var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
                var parts = text.Split(',', StringSplitOptions.TrimEntries);
                var values = new int[parts.Length];
                for (var i = 0; i < parts.Length; i++)
                {
                    if (!int.TryParse(parts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out values[i]))
                    {
                        result.AddError($"{name} takes comma-separated whole numbers; '{parts[i]}' is not one.");
                        return [];
                    }

                    if (values[i] < minimum)
                    {
                        result.AddError($"{name}: every value must be at least {minimum}; {values[i]} is not.");
                        return [];
                    }
                }

                return values;
            },
        };
        return option;
    }

    /// <summary>A string with a default.</summary>
    public static Option<string> Text(string name, string fallback, string description)
        => new(name) { Description = description, DefaultValueFactory = _ => fallback };

    /// <summary>A string that may be absent.</summary>
    public static Option<string?> OptionalText(string name, string description) => new(name) { Description = description };

    /// <summary>A switch.</summary>
    public static Option<bool> Flag(string name, string description) => new(name) { Description = description };

    /// <summary>A folder that must exist when the option is given (or when its default is used).</summary>
    public static Option<string> ExistingFolder(string name, string fallback, string description)
    {
        var option = Text(name, fallback, description);
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (!Directory.Exists(value))
            {
                result.AddError($"{name}: the folder '{value}' does not exist.");
            }
        });
        return option;
    }

    /// <summary>A file that must exist when the option is given.</summary>
    public static Option<string?> OptionalExistingFile(string name, string description)
    {
        var option = OptionalText(name, description);
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string?>();
            if (value is not null && !File.Exists(value))
            {
                result.AddError($"{name}: the file '{value}' does not exist.");
            }
        });
        return option;
    }

    private static void CheckRange(OptionResult result, string name, double value, double minimum, double maximum)
    {
        if (double.IsNaN(value) || value < minimum || value > maximum)
        {
            result.AddError(
                maximum is int.MaxValue or double.MaxValue or double.PositiveInfinity
                    ? $"{name} must be at least {minimum.ToString(CultureInfo.InvariantCulture)}."
                    : $"{name} must be between {minimum.ToString(CultureInfo.InvariantCulture)} and {maximum.ToString(CultureInfo.InvariantCulture)}.");
        }
    }
}
