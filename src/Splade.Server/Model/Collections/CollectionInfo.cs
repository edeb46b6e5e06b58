using System.Text.Json.Nodes;

namespace Splade.Server.Model.Collections;

/// <summary>The answer of <c>GET /collections/{name}</c>.</summary>
internal sealed record CollectionInfo
{
    /// <summary>green (ready), yellow (background work running: the demo's encoding), red (cannot serve).</summary>
    public required string Status { get; init; }

    public string OptimizerStatus { get; init; } = "ok";

    public IReadOnlyList<JsonObject> Warnings { get; init; } = [];

    public long IndexedVectorsCount { get; init; }

    public long PointsCount { get; init; }

    public int SegmentsCount { get; init; }

    public required CollectionConfigInfo Config { get; init; }

    public required IReadOnlyDictionary<string, PayloadIndexInfo> PayloadSchema { get; init; }

    /// <summary>Splade.NET's extension: background tasks and their progress, and why a collection cannot serve.</summary>
    public SpladeCollectionInfo? Splade { get; init; }
}

/// <summary>A collection's configuration, in Qdrant's shape.</summary>
internal sealed record CollectionConfigInfo
{
    public required CollectionParamsInfo Params { get; init; }

    public required JsonObject HnswConfig { get; init; }

    public required JsonObject OptimizerConfig { get; init; }

    public required JsonObject WalConfig { get; init; }

    public JsonNode? QuantizationConfig { get; init; }

    public JsonObject? Metadata { get; init; }
}

/// <summary>A collection's vector parameters, in Qdrant's shape.</summary>
internal sealed record CollectionParamsInfo
{
    /// <summary>One <c>{"size", "distance"}</c> for an unnamed vector, else a map by name.</summary>
    public required JsonNode Vectors { get; init; }

    public int ShardNumber { get; init; } = 1;

    public int ReplicationFactor { get; init; } = 1;

    public int WriteConsistencyFactor { get; init; } = 1;

    public bool OnDiskPayload { get; init; } = true;

    public JsonObject? SparseVectors { get; init; }
}

/// <summary>A payload index: its type and how many points have the field.</summary>
internal sealed record PayloadIndexInfo
{
    public required string DataType { get; init; }

    public JsonNode? Params { get; init; }

    public long Points { get; init; }
}

/// <summary>Splade.NET's additions to collection info.</summary>
internal sealed record SpladeCollectionInfo
{
    /// <summary>Background tasks by name (the demo's <c>encode splade</c> and <c>encode dense</c>) with their progress.</summary>
    public IReadOnlyDictionary<string, BackgroundTaskInfo>? BackgroundTasks { get; init; }

    /// <summary>Why the collection cannot serve, when its status is red.</summary>
    public string? Error { get; init; }

    /// <summary>On a cluster: every shard with its term and replicas (which silo holds each, which is primary, which are in sync).</summary>
    public IReadOnlyList<ShardInfo>? Shards { get; init; }
}

/// <summary>One shard of a collection on a cluster.</summary>
internal sealed record ShardInfo
{
    public int Shard { get; init; }

    /// <summary>Raised each time the shard's primary changes; a write stamped with an older term is refused.</summary>
    public long Term { get; init; }

    /// <summary>The number of the primary replica.</summary>
    public int Primary { get; init; }

    public required IReadOnlyList<ReplicaInfo> Replicas { get; init; }
}

/// <summary>One replica of a shard on a cluster.</summary>
internal sealed record ReplicaInfo
{
    public int Replica { get; init; }

    /// <summary>The silo whose disk holds it.</summary>
    public required string Silo { get; init; }

    /// <summary>Whether that silo is an active member of the cluster now.</summary>
    public bool SiloActive { get; init; }

    public bool Primary { get; init; }

    /// <summary>In the in-sync set: it holds every acknowledged write, so it may answer queries and become primary.</summary>
    public bool InSync { get; init; }

    /// <summary>Being built from the primary (copying its files, then catching up); it answers no query until it is in sync.</summary>
    public bool Recovering { get; init; }

    /// <summary>To be moved off its silo (a drain, or a move onto a silo that joined) once its replacement is in sync.</summary>
    public bool Leaving { get; init; }
}

/// <summary>A background task's progress.</summary>
internal sealed record BackgroundTaskInfo
{
    public int Done { get; init; }

    public int Total { get; init; }

    public string? Error { get; init; }
}
