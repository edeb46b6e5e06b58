namespace Splade.Cluster.Wire;

/// <summary>What the shard map places on one silo: how many shard replicas, and whether the silo is being drained.</summary>
[GenerateSerializer]
[Immutable]
internal sealed record SiloLoad
{
    [Id(0)]
    public required SiloAddress Silo { get; init; }

    /// <summary>Shard replicas the map places on it, over every collection (in sync, being built or leaving).</summary>
    [Id(1)]
    public int Replicas { get; init; }

    /// <summary>No replica is placed on it and its replicas move to other silos.</summary>
    [Id(2)]
    public bool Draining { get; init; }
}
