using Splade.Server.Storage;

namespace Splade.Cluster.Wire;

/// <summary>A nearest-vector search sent to one replica of every shard.</summary>
[GenerateSerializer]
[Immutable]
internal sealed class ShardSearch
{
    /// <summary>The named vector searched.</summary>
    [Id(0)]
    public required string Using { get; init; }

    [Id(1)]
    public required WireVector Vector { get; init; }

    /// <summary>A Qdrant filter as JSON, or null.</summary>
    [Id(2)]
    public string? Filter { get; init; }

    /// <summary>How many hits the shard returns (the caller's limit plus offset).</summary>
    [Id(3)]
    public int Limit { get; init; }

    [Id(4)]
    public float? ScoreThreshold { get; init; }

    [Id(5)]
    public bool WithPayload { get; init; }

    /// <summary>The whole collection's statistics for a sparse vector with the idf modifier, so that every shard weighs the query
    /// as a single machine holding every point would.</summary>
    [Id(6)]
    public WireTermStatistics? Statistics { get; init; }

    /// <summary>Search exactly even where the vector has an approximate index (Qdrant's <c>params.exact</c>).</summary>
    [Id(7)]
    public bool Exact { get; init; }

    /// <summary>The request's own approximate query cut, or null for the collection's.</summary>
    [Id(8)]
    public int? QueryTerms { get; init; }

    /// <summary>The request's own approximate block skipping factor, or null for the collection's.</summary>
    [Id(9)]
    public float? HeapFactor { get; init; }

    /// <summary>The search params the shard's search runs with.</summary>
    public SearchParams? ToParams() => Exact || QueryTerms is not null || HeapFactor is not null ? new SearchParams(Exact, QueryTerms, HeapFactor) : null;
}
