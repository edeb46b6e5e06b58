using System.Text.Json.Nodes;
using Splade.Cluster.Routing;
using Splade.Cluster.Wire;
using Splade.Server.Catalog;
using Splade.Server.Model.Filters;
using Splade.Server.Storage;

namespace Splade.Cluster.Serving;

/// <summary>A sharded collection for one request: writes on listed ids routed to the owning shards' primaries, writes by filter to
/// every shard's primary, retrieves, scrolls, counts and queries gathered from every shard.</summary>
internal sealed class ClusterHandle(ClusterCollections collections, CollectionShardMap map) : ICollectionHandle
{
    public CollectionConfig Config { get; } = map.ReadConfig();

    public Task<long> UpsertAsync(IReadOnlyList<PointInput> points, UpdateMode mode, Filter? updateFilter)
        => collections.UpsertAsync(map.Name, points, mode, updateFilter);

    /// <summary>Deletes by id on the owning shards, or by filter on every shard's primary (which resolves the filter against its own
    /// state between two writes).</summary>
    public Task<long> DeleteAsync(PointSelection selection) => collections.DeleteAsync(map.Name, selection);

    public async Task<IReadOnlyList<PointRecord>> RetrieveAsync(IReadOnlyList<PointId> ids, PayloadSelector payload, VectorSelector vectors)
    {
        var records = await collections.ReadAsync(map.Name, ids, payload.Enabled, vectors).ConfigureAwait(false);
        return [.. records.Select(record => record with { Payload = payload.Apply(record.Payload) })];
    }

    public async Task<ScrollPage> ScrollAsync(Filter? filter, PointId? offset, int limit, PayloadSelector payload, VectorSelector vectors)
    {
        var page = await collections.ScrollAsync(map.Name, FilterText.Write(filter), offset, limit, payload.Enabled, vectors).ConfigureAwait(false);
        return page with { Points = [.. page.Points.Select(record => record with { Payload = payload.Apply(record.Payload) })] };
    }

    public Task<long> CountAsync(Filter? filter) => collections.CountAsync(map.Name, FilterText.Write(filter));

    public Task<IReadOnlyList<ScoredResult>> QueryAsync(QueryPlan plan, QueryOptions options) => new ClusterQuery(collections, map).RunAsync(plan, options);

    public Task<long> UpdateVectorsAsync(IReadOnlyList<PointInput> points, Filter? updateFilter)
        => collections.UpdateVectorsAsync(map.Name, points, updateFilter);

    public Task<long> DeleteVectorsAsync(PointSelection selection, IReadOnlyList<string> names) => collections.DeleteVectorsAsync(map.Name, selection, names);

    public Task<long> SetPayloadAsync(PointSelection selection, JsonObject payload, bool overwrite)
        => collections.SetPayloadAsync(map.Name, selection, payload, overwrite);

    public Task<long> DeletePayloadKeysAsync(PointSelection selection, IReadOnlyList<string> keys)
        => collections.DeletePayloadKeysAsync(map.Name, selection, keys);

    public Task<long> ClearPayloadAsync(PointSelection selection) => collections.ClearPayloadAsync(map.Name, selection);

    public Task<long> UpdatePayloadIndexesAsync(Func<IReadOnlyDictionary<string, JsonNode>, IReadOnlyDictionary<string, JsonNode>> change)
        => collections.UpdatePayloadIndexesAsync(map.Name, change);

    public void Dispose()
    {
        // Nothing is held: a cluster's collection is found through the shard map on every call.
    }
}
