using System.CommandLine;
using Splade.Encoding.Dense;
using Splade.Models.Dense;

namespace Splade.Cli.Commands;

/// <summary>The <c>--dense-model</c> option every command that embeds text takes, and how its value becomes an encoder.</summary>
/// <remarks>
/// The value is an embedded model's name (see <see cref="DenseModels"/>: <c>arctic-xs</c>, <c>minilm</c>, or their full
/// names) or a sentence-transformers folder exported to ONNX; without it, <see cref="DenseModels.DefaultName"/>. A value
/// that is neither is refused when the command line is parsed, before anything is read or written.
/// </remarks>
internal static class DenseModelOption
{
    /// <summary>"arctic-xs (default) or minilm".</summary>
    public static string NameList => string.Join(" or ", DenseModels.Names.Select(n => n == DenseModels.DefaultName ? $"{n} (default)" : n));

    /// <summary>Creates the option; <paramref name="purpose"/> starts its description (for example "With --hybrid: ").</summary>
    public static Option<string?> Create(string purpose = "", params string[] aliases)
    {
        var option = new Option<string?>("--dense-model", aliases)
        {
            Description = $"{purpose}the dense model: {NameList}, or a sentence-transformers model folder exported to ONNX.",
        };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } value && !DenseModels.IsNameOrFolder(value))
            {
                result.AddError($"--dense-model: '{value}' is neither an embedded dense model nor a folder; {DenseModels.Choices()}.");
            }
        });
        return option;
    }

    /// <summary>Loads the model named by the option's value (null for the default).</summary>
    public static DenseEncoder Load(string? value, DenseEncoderOptions? options = null) => DenseModels.LoadNameOrFolder(value, options);
}
