using System.Text.Json.Nodes;
using Splade.Server.Model.Filters;
using Splade.Server.Storage;

namespace Splade.Server.Catalog;

/// <summary>A single machine's collection for one request: every operation is the collection's own.</summary>
internal sealed class LocalHandle(CollectionLease lease) : ICollectionHandle
{
    private Collection Collection => lease.Collection;

    public CollectionConfig Config => Collection.Config;

    public Task<long> UpsertAsync(IReadOnlyList<PointInput> points, UpdateMode mode, Filter? updateFilter)
        => Collection.UpsertAsync(points, mode, updateFilter, CancellationToken.None);

    public Task<long> DeleteAsync(PointSelection selection) => Collection.DeleteAsync(selection);

    public Task<IReadOnlyList<PointRecord>> RetrieveAsync(IReadOnlyList<PointId> ids, PayloadSelector payload, VectorSelector vectors)
        => Task.FromResult(Collection.Retrieve(ids, payload, vectors));

    public Task<ScrollPage> ScrollAsync(Filter? filter, PointId? offset, int limit, PayloadSelector payload, VectorSelector vectors)
        => Task.FromResult(Collection.Scroll(filter, offset, limit, payload, vectors));

    public Task<long> CountAsync(Filter? filter) => Task.FromResult(Collection.CountPoints(filter));

    public Task<IReadOnlyList<ScoredResult>> QueryAsync(QueryPlan plan, QueryOptions options) => Task.FromResult(Collection.Query(plan, options));

    public Task<long> UpdateVectorsAsync(IReadOnlyList<PointInput> points, Filter? updateFilter) => Collection.UpdateVectorsAsync(points, updateFilter);

    public Task<long> DeleteVectorsAsync(PointSelection selection, IReadOnlyList<string> names) => Collection.DeleteVectorsAsync(selection, names);

    public Task<long> SetPayloadAsync(PointSelection selection, JsonObject payload, bool overwrite)
        => Collection.SetPayloadAsync(selection, payload, overwrite);

    public Task<long> DeletePayloadKeysAsync(PointSelection selection, IReadOnlyList<string> keys) => Collection.DeletePayloadKeysAsync(selection, keys);

    public Task<long> ClearPayloadAsync(PointSelection selection) => Collection.ClearPayloadAsync(selection);

    public Task<long> UpdatePayloadIndexesAsync(Func<IReadOnlyDictionary<string, JsonNode>, IReadOnlyDictionary<string, JsonNode>> change)
        => Collection.UpdatePayloadIndexesAsync(change);

    public void Dispose() => lease.Dispose();
}
