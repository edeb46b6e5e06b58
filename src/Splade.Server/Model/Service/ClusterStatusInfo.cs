namespace Splade.Server.Model.Service;

/// <summary>The answer of <c>GET /cluster</c>: <c>disabled</c> on a single machine; on a cluster, its id, the silo answering and
/// every member of the membership table with its state.</summary>
internal sealed record ClusterStatusInfo
{
    /// <summary><c>disabled</c> (a single machine) or <c>enabled</c>.</summary>
    public required string Status { get; init; }

    /// <summary>The cluster id: silos with another id on the same Redis form another cluster and share nothing with this one.</summary>
    public string? ClusterId { get; init; }

    /// <summary>The silo that answered (its Orleans address).</summary>
    public string? Silo { get; init; }

    /// <summary>Every silo of the membership table, this one included.</summary>
    public IReadOnlyList<ClusterMemberInfo>? Members { get; init; }
}

/// <summary>One silo of a cluster.</summary>
/// <param name="Silo">Its Orleans address (host:port@generation).</param>
/// <param name="Status">Its membership state: active, joining, shutting_down, dead, ...</param>
internal sealed record ClusterMemberInfo(string Silo, string Status)
{
    /// <summary>Whether the silo is being drained (no replica is placed on it; its replicas move to other silos).</summary>
    public bool? Draining { get; init; }

    /// <summary>How many shard replicas the shard map places on it (null when the map could not be read).</summary>
    public int? Replicas { get; init; }
}
