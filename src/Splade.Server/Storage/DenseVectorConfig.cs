using System.Text.Json.Nodes;

namespace Splade.Server.Storage;

/// <summary>A named dense vector of a collection.</summary>
/// <param name="Name">The vector's name; empty for the unnamed default vector.</param>
/// <param name="Size">The dimension.</param>
/// <param name="Distance">How vectors are compared.</param>
/// <param name="Folder">The folder of its index inside the collection's folder.</param>
internal sealed record DenseVectorConfig(string Name, int Size, Distance Distance, string Folder)
{
    /// <summary>Options Qdrant accepts that change nothing here (hnsw_config, on_disk), kept to be reported back.</summary>
    public JsonObject? Extra { get; init; }
}
