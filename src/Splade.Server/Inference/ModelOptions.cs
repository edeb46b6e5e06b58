using System.Text.Json.Nodes;
using Splade.Server.Storage;

namespace Splade.Server.Inference;

/// <summary>Checks a document's model <c>options</c> against the ones a model honours.</summary>
internal static class ModelOptions
{
    /// <summary>Refuses any option not in <paramref name="known"/>, naming it and the model.</summary>
    public static void RequireOnly(JsonObject? options, string model, params string[] known)
    {
        if (options is null)
        {
            return;
        }

        foreach (var (key, _) in options)
        {
            if (!known.Contains(key, StringComparer.Ordinal))
            {
                throw StoreException.BadInput(known.Length == 0
                    ? $"Bad request: model `{model}` takes no options; `{key}` was given."
                    : $"Bad request: model `{model}` does not support the option `{key}`; it takes {string.Join(", ", known)}.");
            }
        }
    }

    /// <summary>A positive finite number option, or the default.</summary>
    public static double Number(JsonObject? options, string key, double fallback, double min, double max)
    {
        if (options?[key] is not JsonValue value)
        {
            return fallback;
        }

        return value.TryGetValue<double>(out var number) && double.IsFinite(number) && number >= min && number <= max
            ? number
            : throw StoreException.BadInput($"Bad request: the option `{key}` must be a number from {min} to {max}.");
    }
}
