namespace Splade.Cluster.Wire;

/// <summary>A shard's part of a query level over prefetches: score these points' stored vectors with a vector query.</summary>
[GenerateSerializer]
[Immutable]
internal sealed class ShardRescore
{
    /// <summary>The named vector scored.</summary>
    [Id(0)]
    public required string Using { get; init; }

    [Id(1)]
    public required WireVector Vector { get; init; }

    /// <summary>The engine ids of the shard's candidates.</summary>
    [Id(2)]
    public required string[] Ids { get; init; }

    /// <summary>The whole collection's statistics for a sparse vector with the idf modifier.</summary>
    [Id(3)]
    public WireTermStatistics? Statistics { get; init; }
}
