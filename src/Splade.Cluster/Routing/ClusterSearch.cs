using Splade.Server.Storage;

namespace Splade.Cluster.Routing;

/// <summary>A nearest-vector search of a sharded collection.</summary>
/// <param name="Using">The named vector searched ("" for the unnamed one).</param>
/// <param name="Vector">The query vector.</param>
/// <param name="Limit">How many hits to return.</param>
internal sealed record ClusterSearch(string Using, VectorValue Vector, int Limit)
{
    /// <summary>A Qdrant filter as JSON, or null.</summary>
    public string? Filter { get; init; }

    public int Offset { get; init; }

    public float? ScoreThreshold { get; init; }

    public bool WithPayload { get; init; }

    /// <summary>Exact or approximate, and approximate knobs: each shard searches its replica with them.</summary>
    public SearchParams? Params { get; init; }
}
