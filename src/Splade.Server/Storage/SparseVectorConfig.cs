using System.Text.Json.Nodes;

namespace Splade.Server.Storage;

/// <summary>A named sparse vector of a collection.</summary>
/// <param name="Name">The vector's name.</param>
/// <param name="Modifier">Whether queries are weighted by inverse document frequency.</param>
/// <param name="Folder">The folder of its index inside the collection's folder.</param>
internal sealed record SparseVectorConfig(string Name, SparseModifier Modifier, string Folder)
{
    /// <summary>The <c>index</c> options Qdrant accepts that change nothing here, kept to be reported back.</summary>
    public JsonObject? Index { get; init; }

    /// <summary>The vector's approximate index, or null: searched exactly (docs/SERVER.md, "Approximate sparse search").</summary>
    public ApproximateConfig? Approximate { get; init; }
}
