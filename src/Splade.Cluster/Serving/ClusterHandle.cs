using System.Text.Json.Nodes;
using Splade.Cluster.Routing;
using Splade.Cluster.Wire;
using Splade.Server.Catalog;
using Splade.Server.Model.Filters;
using Splade.Server.Storage;

namespace Splade.Cluster.Serving;

/// <summary>A sharded collection for one request: upserts and deletes by id routed to the owning shards' primaries, retrieves,
/// scrolls, counts and queries gathered from every shard; the rest is refused, naming the operation.</summary>
internal sealed class ClusterHandle(ClusterCollections collections, CollectionShardMap map) : ICollectionHandle
{
    public CollectionConfig Config { get; } = map.ReadConfig();

    public Task<long> UpsertAsync(IReadOnlyList<PointInput> points, UpdateMode mode, Filter? updateFilter)
    {
        if (mode != UpdateMode.Upsert)
        {
            throw NotOnCluster.Error(mode == UpdateMode.InsertOnly ? "upsert with update_mode insert_only" : "upsert with update_mode update_only");
        }

        return updateFilter is null ? collections.UpsertAsync(map.Name, points) : throw NotOnCluster.Error("upsert with update_filter");
    }

    /// <summary>Deletes by id, or by filter: the matching ids are read from every shard, then deleted on their shards' primaries (a
    /// point that a write running at the same time makes match may be left, as docs/CLUSTER.md says).</summary>
    public async Task<long> DeleteAsync(PointSelection selection)
    {
        var ids = selection.Ids ?? await MatchingAsync(selection.Filter).ConfigureAwait(false);
        return ids.Count == 0 ? 0 : await collections.DeleteAsync(map.Name, ids).ConfigureAwait(false);
    }

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

    public Task<long> UpdateVectorsAsync(IReadOnlyList<PointInput> points, Filter? updateFilter) => throw NotOnCluster.Error("updating vectors");

    public Task<long> DeleteVectorsAsync(PointSelection selection, IReadOnlyList<string> names) => throw NotOnCluster.Error("deleting vectors");

    public Task<long> SetPayloadAsync(PointSelection selection, JsonObject payload, bool overwrite)
        => throw NotOnCluster.Error(overwrite ? "overwriting payloads" : "setting payload keys");

    public Task<long> DeletePayloadKeysAsync(PointSelection selection, IReadOnlyList<string> keys) => throw NotOnCluster.Error("deleting payload keys");

    public Task<long> ClearPayloadAsync(PointSelection selection) => throw NotOnCluster.Error("clearing payloads");

    public Task<long> UpdatePayloadIndexesAsync(Func<IReadOnlyDictionary<string, JsonNode>, IReadOnlyDictionary<string, JsonNode>> change)
        => throw NotOnCluster.Error("creating or deleting payload indexes");

    /// <summary>Every id <paramref name="filter"/> matches, page by page in id order.</summary>
    private async Task<List<PointId>> MatchingAsync(Filter? filter)
    {
        const int Page = 1024;
        var ids = new List<PointId>();
        var json = FilterText.Write(filter);
        PointId? offset = null;
        do
        {
            var page = await collections.ScrollAsync(map.Name, json, offset, Page, false, VectorSelector.None).ConfigureAwait(false);
            ids.AddRange(page.Points.Select(point => point.Id));
            offset = page.NextOffset;
        }
        while (offset is not null);
        return ids;
    }

    public void Dispose()
    {
        // Nothing is held: a cluster's collection is found through the shard map on every call.
    }
}
