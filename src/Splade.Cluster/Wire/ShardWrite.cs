namespace Splade.Cluster.Wire;

/// <summary>One write to one shard: points to upsert and ids to delete (applied in that order), stamped by the shard's primary with
/// its term and the next sequence number.</summary>
[GenerateSerializer]
[Immutable]
internal sealed class ShardWrite
{
    [Id(0)]
    public List<WirePoint> Upserts { get; init; } = [];

    [Id(1)]
    public List<string> Deletes { get; init; } = [];

    /// <summary>The shard map's term for the shard when the primary took the write.</summary>
    [Id(2)]
    public long Term { get; init; }

    /// <summary>The write's place in the shard's history, assigned by the primary (0 until then).</summary>
    [Id(3)]
    public long Sequence { get; init; }

    /// <summary>How many replicas must hold the write before it is acknowledged (the collection's write_consistency_factor).</summary>
    [Id(4)]
    public int Consistency { get; init; } = 1;
}
