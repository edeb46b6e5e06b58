using System.Text.Json.Nodes;
using Splade.Cluster.Routing;
using Splade.Cluster.Wire;
using Splade.Core;
using Splade.Server.Model.Filters;
using Splade.Server.Storage;

namespace Splade.Cluster.Serving;

/// <summary>A query plan run over a sharded collection: each nearest-vector level is one fan-out to every shard (merged by score,
/// ties by point id, BM25 / idf statistics gathered first), fusion (RRF, DBSF) combines the levels' ranked lists on the receiving
/// node exactly as a single machine does, and a level without a query pages through the shards in id order. Explanations are
/// computed on the receiving node from the hits' stored vectors and the whole collection's idf statistics, as a single machine
/// computes them.</summary>
/// <remarks>Re-scoring prefetched points with a vector query and querying by a stored point's id need the candidates' stored
/// vectors inside the search and are refused, naming the operation.</remarks>
internal sealed class ClusterQuery(ClusterCollections collections, CollectionShardMap map)
{
    private readonly CollectionConfig _config = map.ReadConfig();

    public async Task<IReadOnlyList<ScoredResult>> RunAsync(QueryPlan plan, QueryOptions options)
    {
        List<(PointId Id, float Score, JsonObject? Payload)> hits;
        var loaded = false;
        var trace = options.Explain ? new Dictionary<QueryPlan, List<Candidate>>(ReferenceEqualityComparer.Instance) : null;
        if (trace is null && plan.Prefetch.Count == 0 && plan.Query is NearestQuery nearest)
        {
            // The common case, one fan-out: the shards send the payloads with their hits.
            var result = await collections.SearchAsync(map.Name, new ClusterSearch(nearest.Using, nearest.Vector, plan.Limit)
            {
                Filter = FilterText.Write(plan.Filter),
                Offset = options.Offset,
                ScoreThreshold = plan.ScoreThreshold,
                WithPayload = options.Payload.Enabled,
            }).ConfigureAwait(false);
            ClusterCollections.RequireAll(map, result.MissingShards, "query");
            hits = [.. result.Hits.Select(hit => (hit.Id, hit.Score, hit.Payload))];
            loaded = true;
        }
        else
        {
            // As on a single machine, the top level runs as a copy with the offset added (so its own rank is not traced).
            var candidates = await RunLevelAsync(plan with { Limit = plan.Limit + options.Offset }, null, trace).ConfigureAwait(false);
            hits = [.. candidates.Skip(options.Offset).Take(plan.Limit).Select(candidate => (candidate.Id, candidate.Score, (JsonObject?)null))];
        }

        if (hits.Count == 0 || ((loaded || !options.Payload.Enabled) && !options.Vectors.Any && trace is null))
        {
            return [.. hits.Select(hit => new ScoredResult(hit.Id, 0, hit.Score, options.Payload.Apply(hit.Payload), null))];
        }

        // Payloads of fused results, vectors and what explanations need are read from the shards afterwards; a point deleted
        // meanwhile is left out.
        var explained = new List<(QueryPlan Level, NearestQuery Query)>();
        CollectNearest(plan, explained);
        var read = trace is null || options.Vectors.All
            ? options.Vectors
            : new VectorSelector(false, [.. (options.Vectors.Names ?? []).Concat(explained.Select(level => level.Query.Using)).Distinct()]);
        var records = (await collections.ReadAsync(map.Name, [.. hits.Select(hit => hit.Id)], options.Payload.Enabled, read)
            .ConfigureAwait(false)).ToDictionary(record => record.Id);
        var statistics = trace is null ? null : await StatisticsAsync(explained).ConfigureAwait(false);
        var results = new List<ScoredResult>(hits.Count);
        foreach (var hit in hits)
        {
            if (!records.TryGetValue(hit.Id, out var record))
            {
                continue;
            }

            var vectors = options.Vectors.Any
                ? record.Vectors?.Where(pair => options.Vectors.Wants(pair.Key)).ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal)
                : null;
            results.Add(new ScoredResult(hit.Id, record.Version, hit.Score, options.Payload.Apply(record.Payload), vectors)
            {
                Explanation = trace is null ? null : Explain(hit.Id, record, explained, trace, statistics!),
            });
        }

        return results;
    }

    private async Task<List<Candidate>> RunLevelAsync(QueryPlan plan, Filter? inherited, Dictionary<QueryPlan, List<Candidate>>? trace)
    {
        var filter = Filter.Merge(inherited, plan.Filter);
        List<Candidate> result;
        if (plan.Prefetch.Count == 0)
        {
            result = plan.Query switch
            {
                null => await ListAsync(filter, plan.Limit).ConfigureAwait(false),
                NearestQuery nearest => await SearchAsync(nearest, filter, plan.Limit, plan.ScoreThreshold).ConfigureAwait(false),
                NearestPointQuery => throw NotOnCluster.Error("a query by point id (nearest to a stored point)"),
                _ => throw StoreException.BadInput("Bad request: cannot apply Fusion without prefetches"),
            };
        }
        else
        {
            var lists = new List<List<Candidate>>(plan.Prefetch.Count);
            foreach (var prefetch in plan.Prefetch)
            {
                lists.Add(await RunLevelAsync(prefetch, filter, trace).ConfigureAwait(false));
            }

            result = plan.Query switch
            {
                FusionQuery fusion => Fusion.Fuse(lists, fusion),
                NearestQuery or NearestPointQuery => throw NotOnCluster.Error("re-scoring prefetched points with a vector query"),
                _ => throw StoreException.BadInput("Bad request: cannot have prefetches without a query"),
            };
            plan.Cut(result);
        }

        trace?.Add(plan, result);
        return result;
    }

    private async Task<List<Candidate>> SearchAsync(NearestQuery nearest, Filter? filter, int limit, float? threshold)
    {
        var result = await collections.SearchAsync(map.Name, new ClusterSearch(nearest.Using, nearest.Vector, limit)
        {
            Filter = FilterText.Write(filter),
            ScoreThreshold = threshold,
        }).ConfigureAwait(false);
        ClusterCollections.RequireAll(map, result.MissingShards, "query");
        return [.. result.Hits.Select(hit => new Candidate(hit.Id, hit.Score, null))];
    }

    /// <summary>A level without a query lists points in id order with score 0, as on a single machine.</summary>
    private async Task<List<Candidate>> ListAsync(Filter? filter, int limit)
    {
        var page = await collections.ScrollAsync(map.Name, FilterText.Write(filter), null, limit, false, VectorSelector.None).ConfigureAwait(false);
        return [.. page.Points.Select(point => new Candidate(point.Id, 0f, null))];
    }

    /// <summary>The nearest queries of a plan, depth first in the order of the request (the order of an explanation).</summary>
    private static void CollectNearest(QueryPlan level, List<(QueryPlan Level, NearestQuery Query)> found)
    {
        foreach (var prefetch in level.Prefetch)
        {
            CollectNearest(prefetch, found);
        }

        if (level.Query is NearestQuery nearest)
        {
            found.Add((level, nearest));
        }
    }

    /// <summary>The whole collection's idf statistics for each idf-weighted sparse query, gathered once for every hit.</summary>
    private async Task<Dictionary<NearestQuery, TermStatistics>> StatisticsAsync(List<(QueryPlan Level, NearestQuery Query)> queries)
    {
        var statistics = new Dictionary<NearestQuery, TermStatistics>(ReferenceEqualityComparer.Instance);
        foreach (var (_, query) in queries)
        {
            if (_config.FindSparse(query.Using)?.Modifier == SparseModifier.Idf
                && Collection.PrepareVector(_config, query.Using, query.Vector, "the query").Sparse is { Count: > 0 } sparse)
            {
                statistics[query] = await collections.GetTermStatisticsAsync(map.Name, query.Using, sparse.Indices.ToArray()).ConfigureAwait(false);
            }
        }

        return statistics;
    }

    private HitExplanation Explain(
        PointId id,
        PointRecord record,
        List<(QueryPlan Level, NearestQuery Query)> queries,
        Dictionary<QueryPlan, List<Candidate>> trace,
        Dictionary<NearestQuery, TermStatistics> statistics)
    {
        var explanations = new List<QueryExplanation>(queries.Count);
        foreach (var (level, query) in queries)
        {
            var rank = trace.TryGetValue(level, out var list) ? list.FindIndex(candidate => candidate.Id == id) : -1;
            var prepared = Collection.PrepareVector(_config, query.Using, query.Vector, "the query");
            Func<SparseVector, SparseVector> weigh = statistics.TryGetValue(query, out var idf)
                ? sparse => HitExplainer.WeighByIdf(sparse, idf.Documents, idf.FrequenciesOf(sparse.Indices))
                : static sparse => sparse;
            explanations.Add(HitExplainer.Explain(
                query.Using, prepared, weigh, record.Vectors?.GetValueOrDefault(query.Using), query.Vocabulary, rank < 0 ? null : rank + 1));
        }

        return new HitExplanation(explanations);
    }
}
