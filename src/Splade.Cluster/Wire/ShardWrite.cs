namespace Splade.Cluster.Wire;

/// <summary>One write to one shard, stamped by the shard's primary with its term and the next sequence number: points to upsert and
/// ids to delete (applied in that order), or an operation the primary resolves against its state (<see cref="Operation"/>) into
/// point changes that its backups then apply as they are (<see cref="Changes"/>).</summary>
[GenerateSerializer]
[Immutable]
internal sealed record ShardWrite
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

    /// <summary>From a router: a conditional or filter-based operation, which the primary resolves between two writes. A payload
    /// index change travels as it is to the backups (it depends on no point).</summary>
    [Id(5)]
    public ShardOperation? Operation { get; init; }

    /// <summary>From the primary to its backups: the point changes it resolved <see cref="Operation"/> to, in the form of the
    /// collection's log records (<c>PointChangeCodec</c>).</summary>
    [Id(6)]
    public byte[]? Changes { get; init; }
}
