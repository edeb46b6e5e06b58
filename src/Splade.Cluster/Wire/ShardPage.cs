namespace Splade.Cluster.Wire;

/// <summary>The points a <see cref="ShardRead"/> found, and for a page the engine id the shard's next page starts at (null at its end).</summary>
[GenerateSerializer]
[Immutable]
internal sealed class ShardPage
{
    [Id(0)]
    public required IReadOnlyList<ShardRecord> Points { get; init; }

    [Id(1)]
    public string? Next { get; init; }
}
