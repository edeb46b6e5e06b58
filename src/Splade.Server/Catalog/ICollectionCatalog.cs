using Splade.Server.Model.Collections;
using Splade.Server.Model.Service;
using Splade.Server.Storage;

namespace Splade.Server.Catalog;

/// <summary>The seam between the HTTP endpoints and the collections they serve: a single machine's data folder
/// (<see cref="LocalCatalog"/>) or a cluster's sharded collections (Splade.Cluster). The endpoints parse, check and encode; the
/// catalog stores and finds.</summary>
/// <remarks>What one kind of catalog cannot do it refuses with a <see cref="StoreException"/> naming the operation, never with a
/// different answer.</remarks>
internal interface ICollectionCatalog
{
    /// <summary>Whether collections may have more than one shard or replica (Qdrant's <c>shard_number</c>, <c>replication_factor</c>,
    /// <c>write_consistency_factor</c> above 1).</summary>
    bool Sharded { get; }

    /// <summary>Every collection's name, in ordinal order.</summary>
    Task<IReadOnlyList<string>> ListAsync();

    Task<bool> ExistsAsync(string name);

    /// <summary>Creates a collection.</summary>
    /// <exception cref="StoreException">The name is invalid or taken, or the sharding cannot be honoured.</exception>
    Task CreateAsync(string name, CollectionConfig config, CollectionSharding sharding);

    /// <summary>Deletes a collection; false when there was none.</summary>
    Task<bool> DeleteAsync(string name);

    /// <summary>The collection's info (status, counts, configuration, and for a cluster its shards and replicas).</summary>
    /// <exception cref="StoreException">No such collection.</exception>
    Task<CollectionInfo> GetInfoAsync(string name);

    /// <summary>Takes the collection for the length of a request.</summary>
    /// <exception cref="StoreException">No such collection, or it cannot serve.</exception>
    Task<ICollectionHandle> OpenAsync(string name);

    /// <summary>The readiness probe's text.</summary>
    Task<string> ReadinessAsync();

    /// <summary>Qdrant's <c>GET /cluster</c>: disabled on a single machine; on a cluster its id, this node and the members.</summary>
    Task<ClusterStatusInfo> GetClusterAsync();
}
