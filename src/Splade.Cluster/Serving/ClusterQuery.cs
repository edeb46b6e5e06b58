using System.Text.Json.Nodes;
using Splade.Cluster.Routing;
using Splade.Cluster.Wire;
using Splade.Core;
using Splade.Server.Model.Filters;
using Splade.Server.Storage;

namespace Splade.Cluster.Serving;

/// <summary>A query plan run over a sharded collection: each nearest-vector level is one fan-out to every shard (merged by score,
/// ties by point id, BM25 / idf statistics gathered first), fusion (RRF, DBSF) combines the levels' ranked lists on the receiving
/// node exactly as a single machine does, and a level without a query pages through the shards in id order. A query by a stored
/// point's id reads the point's vector from its shard first and then runs as a vector query with the point left out; a vector
/// query over prefetches has each shard score the stored vectors of the candidates it holds (with the whole collection's idf
/// statistics) and merges them. Explanations are computed on the receiving node from the hits' stored vectors and the whole
/// collection's idf statistics, as a single machine computes them.</summary>
internal sealed class ClusterQuery(ClusterCollections collections, CollectionShardMap map)
{
    private readonly CollectionConfig _config = map.ReadConfig();

    /// <summary>Queries by a stored point's id, as the vector queries they run (read once per request).</summary>
    private readonly Dictionary<NearestPointQuery, NearestQuery> _resolved = [];

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
                Params = plan.Params,
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
                NearestQuery nearest => await SearchAsync(nearest, filter, plan).ConfigureAwait(false),
                NearestPointQuery byPoint => await SearchAsync(
                    await ResolveAsync(byPoint).ConfigureAwait(false), Excluding(filter, byPoint.Id), plan).ConfigureAwait(false),
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
                NearestQuery nearest => await collections.RescoreAsync(map.Name, nearest.Using, nearest.Vector, Candidates(lists, null))
                    .ConfigureAwait(false),
                NearestPointQuery byPoint => await collections.RescoreAsync(
                    map.Name, byPoint.Using, (await ResolveAsync(byPoint).ConfigureAwait(false)).Vector, Candidates(lists, byPoint.Id))
                    .ConfigureAwait(false),
                _ => throw StoreException.BadInput("Bad request: cannot have prefetches without a query"),
            };
            plan.Cut(result);
        }

        trace?.Add(plan, result);
        return result;
    }

    private async Task<List<Candidate>> SearchAsync(NearestQuery nearest, Filter? filter, QueryPlan level)
    {
        var result = await collections.SearchAsync(map.Name, new ClusterSearch(nearest.Using, nearest.Vector, level.Limit)
        {
            Filter = FilterText.Write(filter),
            ScoreThreshold = level.ScoreThreshold,
            Params = level.Params,
        }).ConfigureAwait(false);
        ClusterCollections.RequireAll(map, result.MissingShards, "query");
        return [.. result.Hits.Select(hit => new Candidate(hit.Id, hit.Score, null))];
    }

    /// <summary>The vector query a query by a stored point's id runs: the point's stored vector, read from its shard.</summary>
    /// <exception cref="StoreException">The point does not exist, or lacks the vector (as on a single machine).</exception>
    private async Task<NearestQuery> ResolveAsync(NearestPointQuery byPoint)
    {
        if (_resolved.TryGetValue(byPoint, out var resolved))
        {
            return resolved;
        }

        var records = await collections.ReadAsync(map.Name, [byPoint.Id], false, new VectorSelector(false, [byPoint.Using])).ConfigureAwait(false);
        if (records.Count == 0)
        {
            throw StoreException.NotFound($"No point with id {byPoint.Id} found");
        }

        var vector = records[0].Vectors?.GetValueOrDefault(byPoint.Using)
            ?? throw StoreException.BadInput($"Wrong input: point {byPoint.Id} has no vector `{Collection.DisplayName(byPoint.Using)}` to query with.");
        resolved = new NearestQuery(byPoint.Using, vector);
        _resolved[byPoint] = resolved;
        return resolved;
    }

    /// <summary>A filter that also leaves out one point (the point a query by id starts from), as a single machine's.</summary>
    private static Filter Excluding(Filter? filter, PointId id)
    {
        var json = id.IsUuid ? $"\"{id}\"" : id.Number.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Filter.Merge(filter, FilterText.Parse("{\"must_not\":[{\"has_id\":[" + json + "]}]}"))!;
    }

    /// <summary>The prefetches' candidates in order, without <paramref name="excluded"/>.</summary>
    private static List<PointId> Candidates(List<List<Candidate>> lists, PointId? excluded)
        => [.. lists.SelectMany(list => list).Select(candidate => candidate.Id).Where(id => id != excluded).Distinct()];

    /// <summary>A level without a query lists points in id order with score 0, as on a single machine.</summary>
    private async Task<List<Candidate>> ListAsync(Filter? filter, int limit)
    {
        var page = await collections.ScrollAsync(map.Name, FilterText.Write(filter), null, limit, false, VectorSelector.None).ConfigureAwait(false);
        return [.. page.Points.Select(point => new Candidate(point.Id, 0f, null))];
    }

    /// <summary>The nearest queries of a plan, depth first in the order of the request (the order of an explanation); a query by
    /// a stored point's id as the vector query it ran.</summary>
    private void CollectNearest(QueryPlan level, List<(QueryPlan Level, NearestQuery Query)> found)
    {
        foreach (var prefetch in level.Prefetch)
        {
            CollectNearest(prefetch, found);
        }

        if (level.Query is NearestQuery nearest)
        {
            found.Add((level, nearest));
        }
        else if (level.Query is NearestPointQuery byPoint && _resolved.TryGetValue(byPoint, out var resolved))
        {
            found.Add((level, resolved));
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
