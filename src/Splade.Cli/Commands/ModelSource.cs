using Splade.Checkpoints;

namespace Splade.Cli.Commands;

/// <summary>The one place every command turns <c>--model</c> into a model folder (through <see cref="ModelResolver"/>).</summary>
internal static class ModelSource
{
    public static string Resolve(string? model) => ModelResolver.Resolve(model, log: message => Console.Error.WriteLine(message));

    public static string DisplayName(string? model) => ModelResolver.DisplayName(model);
}
