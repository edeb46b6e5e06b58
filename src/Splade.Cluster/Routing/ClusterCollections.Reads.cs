using System.Globalization;
using System.Text.Json.Nodes;
using Splade.Cluster.Grains;
using Splade.Cluster.Wire;
using Splade.Server.Storage;

namespace Splade.Cluster.Routing;

/// <summary>Reads that need every point they name or page through: by id, scroll and filtered counts. A shard that cannot answer
/// makes them fail with the shard named (a retrieve or a page with points silently left out would be a different answer).</summary>
internal sealed partial class ClusterCollections
{
    /// <summary>The points with these ids that exist, in the order asked, each once, with their payload when
    /// <paramref name="withPayload"/> and the vectors <paramref name="vectors"/> selects.</summary>
    /// <exception cref="StoreException">No such collection, or a shard holding some of the ids has no replica that answers.</exception>
    public async Task<IReadOnlyList<PointRecord>> ReadAsync(string name, IReadOnlyList<PointId> ids, bool withPayload, VectorSelector vectors)
    {
        var map = await GetAsync(name).ConfigureAwait(false);
        var parts = ids.Distinct().GroupBy(id => ShardRouter.ShardOf(id, map.ShardNumber)).ToList();
        var answers = await Task.WhenAll(parts.Select(part => CallAnyAsync(map.Name, map.Shards[part.Key],
            replica => replica.ReadAsync(Request([.. part.Select(id => id.ToEngineId())], withPayload, vectors))))).ConfigureAwait(false);
        RequireAll(map, [.. parts.Where((_, i) => !answers[i].Answered).Select(part => part.Key)], "retrieve");
        var found = answers.SelectMany(answer => answer.Value!.Points).ToDictionary(record => record.Id, StringComparer.Ordinal);
        var records = new List<PointRecord>(found.Count);
        var seen = new HashSet<PointId>();
        foreach (var id in ids)
        {
            if (seen.Add(id) && found.TryGetValue(id.ToEngineId(), out var record))
            {
                records.Add(ToRecord(record));
            }
        }

        return records;
    }

    /// <summary>A page of points in id order across every shard: each shard gives its first <paramref name="limit"/> matching points
    /// from <paramref name="offset"/>, the router keeps the first <paramref name="limit"/> of them all, and the next page starts at
    /// the smallest id it left out (or a shard's own next page).</summary>
    /// <exception cref="StoreException">No such collection, a bad filter, or a shard has no replica that answers.</exception>
    public async Task<ScrollPage> ScrollAsync(
        string name, string? filter, PointId? offset, int limit, bool withPayload, VectorSelector vectors)
    {
        var map = await GetAsync(name).ConfigureAwait(false);
        FilterText.Parse(filter);
        var missing = new SortedSet<int>();
        var read = new ShardRead
        {
            Filter = filter,
            Offset = offset?.ToEngineId(),
            Limit = limit,
            WithPayload = withPayload,
            AllVectors = vectors.All,
            VectorNames = vectors.Names is { } names ? [.. names] : null,
        };
        var pages = await FanOutAsync(map, missing, replica => replica.ReadAsync(read)).ConfigureAwait(false);
        RequireAll(map, [.. missing], "scroll");
        var points = pages.SelectMany(page => page.Points).Select(ToRecord).OrderBy(record => record.Id).ToList();
        var next = pages.Where(page => page.Next is not null).Select(page => PointId.FromEngineId(page.Next!)).ToList();
        if (points.Count > limit)
        {
            next.Add(points[limit].Id);
            points.RemoveRange(limit, points.Count - limit);
        }

        return new ScrollPage(points, next.Count == 0 ? null : next.Min());
    }

    /// <summary>How many points match <paramref name="filter"/> (JSON, or null for all) over every shard.</summary>
    /// <exception cref="StoreException">No such collection, a bad filter, or a shard has no replica that answers.</exception>
    public async Task<long> CountAsync(string name, string? filter)
    {
        var map = await GetAsync(name).ConfigureAwait(false);
        FilterText.Parse(filter);
        var missing = new SortedSet<int>();
        var counts = await FanOutAsync(map, missing, replica => replica.CountMatchingAsync(filter)).ConfigureAwait(false);
        RequireAll(map, [.. missing], "count");
        return counts.Sum();
    }

    /// <summary>The idf statistics of <paramref name="terms"/> of a sparse vector over every shard (for explanations).</summary>
    /// <exception cref="StoreException">No such collection or vector, or a shard has no replica that answers.</exception>
    public async Task<TermStatistics> GetTermStatisticsAsync(string name, string vector, uint[] terms)
    {
        var map = await GetAsync(name).ConfigureAwait(false);
        var missing = new SortedSet<int>();
        var parts = await FanOutAsync(map, missing, replica => replica.GetTermStatisticsAsync(vector, terms)).ConfigureAwait(false);
        RequireAll(map, [.. missing], "explain");
        return TermStatistics.Sum(terms, parts.Select(part => part.ToStatistics()));
    }

    /// <summary>Refuses an answer that would leave out the points of <paramref name="missing"/> shards.</summary>
    internal static void RequireAll(CollectionShardMap map, IReadOnlyList<int> missing, string operation)
    {
        if (missing.Count > 0)
        {
            var shards = string.Join(", ", missing.Order().Select(shard => shard.ToString(CultureInfo.InvariantCulture)));
            throw new StoreException(StoreErrorKind.Unavailable,
                $"Service unavailable: {operation} of `{map.Name}` needs every shard, and shard(s) {shards} have no replica that answers now; "
                + "the answer would leave out their points.");
        }
    }

    private static ShardRead Request(string[] ids, bool withPayload, VectorSelector vectors) => new()
    {
        Ids = ids,
        WithPayload = withPayload,
        AllVectors = vectors.All,
        VectorNames = vectors.Names is { } names ? [.. names] : null,
    };

    private static PointRecord ToRecord(ShardRecord record) => new(
        PointId.FromEngineId(record.Id),
        record.Version,
        record.Payload is null ? null : JsonNode.Parse(record.Payload)!.AsObject(),
        record.Vectors?.ToDictionary(pair => pair.Key, pair => pair.Value.ToValue(), StringComparer.Ordinal));
}
