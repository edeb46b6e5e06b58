using Splade.Encoding.Dense;

namespace Splade.Server.Inference;

/// <summary>The dense models the server can encode with, by name: the one place to add a dense model to the server.</summary>
internal static class DenseModelCatalog
{
    /// <summary>Each model: its name, other names requests may use, its dimension, and how to load it.</summary>
    public static IReadOnlyList<(string Name, string[] Aliases, int Dimension, Func<DenseEncoder> Load)> Models { get; } =
    [
        ("all-MiniLM-L6-v2", ["sentence-transformers/all-MiniLM-L6-v2", "minilm"], 384, () => DenseEncoder.FromEmbeddedMiniLm()),
    ];

    /// <summary>The model used for the demo collection's dense vectors.</summary>
    public static string DefaultName => Models[0].Name;
}
