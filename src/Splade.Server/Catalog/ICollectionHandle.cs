using System.Text.Json.Nodes;
using Splade.Server.Model.Filters;
using Splade.Server.Storage;

namespace Splade.Server.Catalog;

/// <summary>One collection taken by one request (deleting it waits until the handle is disposed, on a single machine): its points,
/// queries and payload operations. Each write's result is the operation number Qdrant's answer carries.</summary>
internal interface ICollectionHandle : IDisposable
{
    CollectionConfig Config { get; }

    Task<long> UpsertAsync(IReadOnlyList<PointInput> points, UpdateMode mode, Filter? updateFilter);

    Task<long> DeleteAsync(PointSelection selection);

    /// <summary>The points with these ids that exist, in the order asked, each once.</summary>
    Task<IReadOnlyList<PointRecord>> RetrieveAsync(IReadOnlyList<PointId> ids, PayloadSelector payload, VectorSelector vectors);

    /// <summary>Points in id order from <paramref name="offset"/> that match <paramref name="filter"/>, and where the next page starts.</summary>
    Task<ScrollPage> ScrollAsync(Filter? filter, PointId? offset, int limit, PayloadSelector payload, VectorSelector vectors);

    Task<long> CountAsync(Filter? filter);

    Task<IReadOnlyList<ScoredResult>> QueryAsync(QueryPlan plan, QueryOptions options);

    Task<long> UpdateVectorsAsync(IReadOnlyList<PointInput> points, Filter? updateFilter);

    Task<long> DeleteVectorsAsync(PointSelection selection, IReadOnlyList<string> names);

    Task<long> SetPayloadAsync(PointSelection selection, JsonObject payload, bool overwrite);

    Task<long> DeletePayloadKeysAsync(PointSelection selection, IReadOnlyList<string> keys);

    Task<long> ClearPayloadAsync(PointSelection selection);

    /// <summary>Replaces the payload indexes with what <paramref name="change"/> makes of them.</summary>
    Task<long> UpdatePayloadIndexesAsync(Func<IReadOnlyDictionary<string, JsonNode>, IReadOnlyDictionary<string, JsonNode>> change);
}
