using System.Text.Json.Nodes;

namespace Splade.Server.Storage;

/// <summary>Everything fixed when a collection is created, plus its payload indexes; stored as the collection's <c>config.json</c>.</summary>
internal sealed record CollectionConfig
{
    /// <summary>The file format version of config.json.</summary>
    public int Version { get; init; } = 1;

    /// <summary>True when the collection was created with one unnamed dense vector (<c>"vectors": {"size": .., "distance": ..}</c>).</summary>
    public bool UnnamedDense { get; init; }

    public IReadOnlyList<DenseVectorConfig> Dense { get; init; } = [];

    public IReadOnlyList<SparseVectorConfig> Sparse { get; init; } = [];

    /// <summary>Tuning blocks Qdrant accepts (hnsw_config, optimizers_config, wal_config) that change nothing here, reported back.</summary>
    public JsonObject? Tuning { get; init; }

    /// <summary>The collection's free-form metadata (Qdrant's <c>metadata</c>).</summary>
    public JsonObject? Metadata { get; init; }

    /// <summary>Payload indexes by field path: their Qdrant schema (a type name, or an object with a <c>type</c>).</summary>
    public IReadOnlyDictionary<string, JsonNode> PayloadIndexes { get; init; } = new Dictionary<string, JsonNode>(StringComparer.Ordinal);

    /// <summary>The configuration with each vector's index folder assigned (<c>dense-I</c>, <c>sparse-I</c>), as at creation.</summary>
    public CollectionConfig WithVectorFolders() => this with
    {
        Dense = [.. Dense.Select((vector, i) => vector with { Folder = $"dense-{i}" })],
        Sparse = [.. Sparse.Select((vector, i) => vector with { Folder = $"sparse-{i}" })],
    };

    public DenseVectorConfig? FindDense(string name) => Dense.FirstOrDefault(v => v.Name == name);

    public SparseVectorConfig? FindSparse(string name) => Sparse.FirstOrDefault(v => v.Name == name);

    public bool HasVector(string name) => FindDense(name) is not null || FindSparse(name) is not null;

    /// <summary>Every vector name, dense first.</summary>
    public IEnumerable<string> VectorNames => Dense.Select(v => v.Name).Concat(Sparse.Select(v => v.Name));
}
