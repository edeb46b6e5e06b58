using Splade.Cluster.Routing;
using Splade.Cluster.Wire;
using Splade.Server.Storage;

namespace Splade.Cluster.Grains;

/// <summary>A shard's part of a search: the collection's own query engine, with the whole collection's idf statistics, and its hits
/// cut at the limit with ties broken by point id, so that merging every shard's hits gives exactly a single machine's answer.</summary>
internal static class ShardSearcher
{
    private const int MaxLimit = 1 << 20;

    public static IReadOnlyList<ShardHit> Search(Collection collection, ShardSearch search)
    {
        if (search.Limit <= 0)
        {
            return [];
        }

        var plan = new QueryPlan
        {
            Query = new NearestQuery(search.Using, search.Vector.ToValue()) { Statistics = search.Statistics?.ToStatistics() },
            Filter = FilterText.Parse(search.Filter),
            ScoreThreshold = search.ScoreThreshold,
            Params = search.ToParams(),
        };
        var options = new QueryOptions(0, search.WithPayload ? PayloadSelector.All : PayloadSelector.None, VectorSelector.None);

        // The engine breaks ties by insertion order; asking for one more hit than needed shows whether the cut falls inside a
        // group of equal scores, and if it does, the request grows until the whole group is in.
        var ask = search.Limit + 1;
        IReadOnlyList<ScoredResult> results;
        while (true)
        {
            results = collection.Query(plan with { Limit = ask }, options);
            if (results.Count < ask || results[ask - 1].Score < results[search.Limit - 1].Score || ask >= MaxLimit)
            {
                break;
            }

            ask = Math.Min(MaxLimit, ask * 2);
        }

        var ordered = results.OrderByDescending(result => result.Score).ThenBy(result => result.Id).Take(search.Limit);
        return [.. ordered.Select(result => new ShardHit
        {
            Id = result.Id.ToEngineId(),
            Score = result.Score,
            Payload = result.Payload?.ToJsonString(),
        })];
    }
}
