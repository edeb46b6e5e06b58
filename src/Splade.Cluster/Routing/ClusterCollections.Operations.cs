using System.Text.Json.Nodes;
using Splade.Cluster.Wire;
using Splade.Server.Model.Filters;
using Splade.Server.Storage;

namespace Splade.Cluster.Routing;

/// <summary>The writes that depend on the collection's state: conditional upserts, vector updates and deletions, payload changes,
/// deletes by filter and payload indexes. The request is checked whole first (vectors, names, the filter against the collection's
/// configuration: a refused request writes nothing anywhere); then an operation on listed ids goes to the primaries of the shards
/// owning them, and one by filter to every shard's primary, which resolves it against its own state between two writes and
/// replicates the resulting point changes (<see cref="ShardOperation"/>).</summary>
/// <remarks>Each shard applies its part atomically; the parts of different shards are separate writes, so a reader may see one shard's
/// part before another's, as with every multi-shard write.</remarks>
internal sealed partial class ClusterCollections
{
    /// <summary>An upsert with Qdrant's <c>update_mode</c> and <c>update_filter</c> (a plain one sets final states, routed as such).</summary>
    /// <returns>The highest sequence number the shards gave their parts of the write.</returns>
    public async Task<long> UpsertAsync(string name, IReadOnlyList<PointInput> points, UpdateMode mode, Filter? updateFilter)
    {
        if (mode == UpdateMode.Upsert && updateFilter is null)
        {
            return await UpsertAsync(name, points).ConfigureAwait(false);
        }

        var map = await GetAsync(name).ConfigureAwait(false);
        var config = map.ReadConfig();
        CheckVectors(config, points);
        FilterTranslator.Translate(updateFilter, config);
        var filter = FilterText.Write(updateFilter);
        return await WritePartsAsync(map, ByShard(map, points, point => point.Id), part => new ShardOperation
        {
            Kind = ShardOperationKind.Upsert, Points = [.. part.Select(WirePoint.From)], Mode = (int)mode, Filter = filter,
        }).ConfigureAwait(false);
    }

    /// <summary>Replaces named vectors of existing points (Qdrant's <c>PUT points/vectors</c>), with an optional <c>update_filter</c>.</summary>
    /// <exception cref="StoreException">A vector is invalid, the filter is refused, or a point does not exist (checked before anything
    /// is written, and again by each shard's primary).</exception>
    public async Task<long> UpdateVectorsAsync(string name, IReadOnlyList<PointInput> points, Filter? updateFilter)
    {
        var map = await GetAsync(name).ConfigureAwait(false);
        var config = map.ReadConfig();
        CheckVectors(config, points);
        FilterTranslator.Translate(updateFilter, config);

        // The single machine names the first missing point in the order of the last write of each id.
        var last = new Dictionary<PointId, int>();
        for (var i = 0; i < points.Count; i++)
        {
            last[points[i].Id] = i;
        }

        var ids = last.OrderBy(pair => pair.Value).Select(pair => pair.Key).ToList();
        var existing = (await ReadAsync(name, ids, false, VectorSelector.None).ConfigureAwait(false)).Select(record => record.Id).ToHashSet();
        var missing = ids.FindIndex(id => !existing.Contains(id));
        if (missing >= 0)
        {
            throw StoreException.NotFound($"No point with id {ids[missing]} found");
        }

        var filter = FilterText.Write(updateFilter);
        return await WritePartsAsync(map, ByShard(map, points, point => point.Id), part => new ShardOperation
        {
            Kind = ShardOperationKind.UpdateVectors, Points = [.. part.Select(WirePoint.From)], Filter = filter,
        }).ConfigureAwait(false);
    }

    /// <summary>Removes named vectors from the selected points.</summary>
    public async Task<long> DeleteVectorsAsync(string name, PointSelection selection, IReadOnlyList<string> names)
    {
        var map = await GetAsync(name).ConfigureAwait(false);
        var config = map.ReadConfig();
        foreach (var vector in names)
        {
            if (!config.HasVector(vector))
            {
                throw StoreException.BadInput($"Wrong input: Not existing vector name error: {Collection.DisplayName(vector)}");
            }
        }

        return await WriteSelectionAsync(map, config, selection, ShardOperationKind.DeleteVectors, names: [.. names]).ConfigureAwait(false);
    }

    /// <summary>Deletes the selected points: by id on the owning shards, by filter on every shard (each shard's part atomic).</summary>
    public async Task<long> DeleteAsync(string name, PointSelection selection)
    {
        if (selection.Ids is { } ids)
        {
            return await DeleteAsync(name, ids).ConfigureAwait(false);
        }

        var map = await GetAsync(name).ConfigureAwait(false);
        return await WriteSelectionAsync(map, map.ReadConfig(), selection, ShardOperationKind.Delete).ConfigureAwait(false);
    }

    /// <summary>Sets payload keys of the selected points, or (<paramref name="overwrite"/>) replaces their whole payload.</summary>
    public async Task<long> SetPayloadAsync(string name, PointSelection selection, JsonObject payload, bool overwrite)
    {
        var map = await GetAsync(name).ConfigureAwait(false);
        var kind = overwrite ? ShardOperationKind.OverwritePayload : ShardOperationKind.SetPayload;
        return await WriteSelectionAsync(map, map.ReadConfig(), selection, kind, payload: payload.ToJsonString()).ConfigureAwait(false);
    }

    /// <summary>Removes payload keys (paths) from the selected points.</summary>
    public async Task<long> DeletePayloadKeysAsync(string name, PointSelection selection, IReadOnlyList<string> keys)
    {
        var map = await GetAsync(name).ConfigureAwait(false);
        return await WriteSelectionAsync(map, map.ReadConfig(), selection, ShardOperationKind.DeletePayloadKeys, names: [.. keys])
            .ConfigureAwait(false);
    }

    /// <summary>Removes the whole payload of the selected points.</summary>
    public async Task<long> ClearPayloadAsync(string name, PointSelection selection)
    {
        var map = await GetAsync(name).ConfigureAwait(false);
        return await WriteSelectionAsync(map, map.ReadConfig(), selection, ShardOperationKind.ClearPayload).ConfigureAwait(false);
    }

    /// <summary>Replaces the payload indexes with what <paramref name="change"/> makes of them: the fields it adds, changes or removes
    /// are set on every shard through its replicated write path (so replicas built later have them: their copy holds the collection's
    /// configuration, and the writes after it are forwarded), then in the shard map's configuration (collection info, filter checks).</summary>
    public async Task<long> UpdatePayloadIndexesAsync(
        string name, Func<IReadOnlyDictionary<string, JsonNode>, IReadOnlyDictionary<string, JsonNode>> change)
    {
        var map = await GetAsync(name).ConfigureAwait(false);
        var current = map.ReadConfig().PayloadIndexes;
        var changed = change(current);
        var fields = new JsonObject();
        foreach (var field in current.Keys.Where(field => !changed.ContainsKey(field)))
        {
            fields[field] = null;
        }

        foreach (var (field, schema) in changed)
        {
            if (!current.TryGetValue(field, out var before) || !JsonNode.DeepEquals(before, schema))
            {
                fields[field] = schema.DeepClone();
            }
        }

        var text = fields.ToJsonString();
        var operation = new ShardOperation { Kind = ShardOperationKind.PayloadIndexes, Payload = text };
        var sequences = await Task.WhenAll(map.Shards.Select(shard => WriteAsync(map, shard.Shard, new ShardWrite { Operation = operation })))
            .ConfigureAwait(false);
        await OnMapAsync(grain => grain.ChangePayloadIndexesAsync(name, text)).ConfigureAwait(false);
        return sequences.DefaultIfEmpty().Max();
    }

    /// <summary>How many points of the collection have each of these payload fields (for the payload schema of its info).</summary>
    /// <exception cref="StoreException">No such collection, or a shard has no replica that answers.</exception>
    public async Task<long[]> CountWithFieldsAsync(string name, string[] fields)
    {
        var map = await GetAsync(name).ConfigureAwait(false);
        var missing = new SortedSet<int>();
        var counts = await FanOutAsync(map, missing, replica => replica.CountWithFieldsAsync(fields)).ConfigureAwait(false);
        RequireAll(map, [.. missing], "count");
        var total = new long[fields.Length];
        foreach (var count in counts)
        {
            for (var i = 0; i < total.Length; i++)
            {
                total[i] += count[i];
            }
        }

        return total;
    }

    /// <summary>An operation on the selected points: on listed ids, to the owning shards' primaries; by filter (checked against the
    /// collection's configuration first), to every shard's primary.</summary>
    private Task<long> WriteSelectionAsync(
        CollectionShardMap map, CollectionConfig config, PointSelection selection, ShardOperationKind kind, List<string>? names = null, string? payload = null)
    {
        if (selection.Ids is { } ids)
        {
            return WritePartsAsync(map, ByShard(map, ids, id => id), part => new ShardOperation
            {
                Kind = kind, Ids = [.. part.Select(id => id.ToEngineId())], Names = names ?? [], Payload = payload,
            });
        }

        FilterTranslator.Translate(selection.Filter, config);
        var filter = FilterText.Write(selection.Filter);
        var everyShard = map.Shards.ToDictionary(shard => shard.Shard, _ => new List<PointId>());
        return WritePartsAsync(map, everyShard, _ => new ShardOperation { Kind = kind, Filter = filter, Names = names ?? [], Payload = payload });
    }

    private async Task<long> WritePartsAsync<T>(CollectionShardMap map, Dictionary<int, List<T>> parts, Func<List<T>, ShardOperation> operation)
    {
        var sequences = await Task.WhenAll(parts.Select(pair => WriteAsync(map, pair.Key, new ShardWrite { Operation = operation(pair.Value) })))
            .ConfigureAwait(false);
        return sequences.DefaultIfEmpty().Max();
    }

    /// <summary>The items grouped by the shard owning their point, each group in request order.</summary>
    private static Dictionary<int, List<T>> ByShard<T>(CollectionShardMap map, IEnumerable<T> items, Func<T, PointId> id)
    {
        var parts = new Dictionary<int, List<T>>();
        foreach (var item in items)
        {
            var shard = ShardRouter.ShardOf(id(item), map.ShardNumber);
            if (!parts.TryGetValue(shard, out var part))
            {
                parts[shard] = part = [];
            }

            part.Add(item);
        }

        return parts;
    }

    /// <summary>Checks every vector of every point against the configuration (nothing is written when one is refused).</summary>
    private static void CheckVectors(CollectionConfig config, IReadOnlyList<PointInput> points)
    {
        foreach (var point in points)
        {
            foreach (var (vector, value) in point.Vectors)
            {
                Collection.PrepareVector(config, vector, value, $"point {point.Id}");
            }
        }
    }
}
