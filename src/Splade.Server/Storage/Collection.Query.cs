using Splade.Core;
using Splade.Index;
using Splade.Index.Filters;
using Splade.Server.Model.Filters;

namespace Splade.Server.Storage;

internal sealed partial class Collection
{
    /// <summary>Runs a query (Qdrant's Query API) and returns its top level's results after <see cref="QueryOptions.Offset"/>.</summary>
    /// <exception cref="StoreException">An unknown vector, a wrong dimension, a point id that does not exist, fusion without prefetches
    /// or prefetches without a query.</exception>
    public IReadOnlyList<ScoredResult> Query(QueryPlan plan, QueryOptions options)
    {
        var trace = options.Explain ? new Dictionary<QueryPlan, List<Candidate>>(ReferenceEqualityComparer.Instance) : null;
        var candidates = Run(plan with { Limit = plan.Limit + options.Offset }, null, trace);
        var results = new List<ScoredResult>(Math.Max(0, Math.Min(plan.Limit, candidates.Count - options.Offset)));
        for (var i = options.Offset; i < candidates.Count && results.Count < plan.Limit; i++)
        {
            var candidate = candidates[i];
            var record = ToRecord(candidate.Id, candidate.Metadata ?? [], options.Payload, options.Vectors);
            results.Add(new ScoredResult(candidate.Id, record.Version, candidate.Score, record.Payload, record.Vectors)
            {
                Explanation = trace is null ? null : Explain(candidate.Id, plan, trace),
            });
        }

        return results;
    }

    private List<Candidate> Run(QueryPlan plan, Filter? inherited, Dictionary<QueryPlan, List<Candidate>>? trace)
    {
        var filter = Filter.Merge(inherited, plan.Filter);
        List<Candidate> result;
        if (plan.Prefetch.Count == 0)
        {
            result = plan.Query switch
            {
                null => ScrollCandidates(filter, plan.Limit),
                NearestQuery nearest => Search(nearest.Using, nearest.Vector, filter, plan, nearest.Statistics),
                NearestPointQuery byPoint => Search(byPoint.Using, StoredQueryVector(byPoint), ExcludingPoint(filter, byPoint.Id), plan),
                _ => throw StoreException.BadInput("Bad request: cannot apply Fusion without prefetches"),
            };
        }
        else
        {
            var lists = plan.Prefetch.Select(prefetch => Run(prefetch, filter, trace)).ToList();
            result = plan.Query switch
            {
                FusionQuery fusion => Fusion.Fuse(lists, fusion),
                NearestQuery nearest => Rescore(lists, nearest.Using, nearest.Vector, null),
                NearestPointQuery byPoint => Rescore(lists, byPoint.Using, StoredQueryVector(byPoint), byPoint.Id),
                _ => throw StoreException.BadInput("Bad request: cannot have prefetches without a query"),
            };
            plan.Cut(result);
        }

        trace?.Add(plan, result);
        return result;
    }

    private List<Candidate> Search(string name, VectorValue vector, Filter? filter, QueryPlan plan, TermStatistics? statistics = null)
    {
        var index = VectorIndex(name);
        var query = PrepareVector(name, vector, "the query");
        var options = new SearchOptions { K = Math.Min(plan.Limit, SearchOptions.MaxK), Filter = FilterTranslator.Translate(filter, _config) };
        if (_config.FindSparse(name)?.Approximate is { } approximate)
        {
            // Term-at-a-time is what Auto runs on an index without approximate indexes (exact answers equal a plain vector's).
            options = SearchParams.Approximately(plan.Params)
                ? options with { Algorithm = SearchAlgorithm.Approximate, Approximate = approximate.ToSearchOptions(plan.Params) }
                : options with { Algorithm = SearchAlgorithm.TermAtATime };
        }

        SearchResults results;
        if (query.Dense is { } dense)
        {
            results = index.SearchDense(dense, options);
        }
        else
        {
            var sparse = WeightedSparseQuery(name, query.Sparse!, statistics);
            if (sparse.Count == 0)
            {
                return [];
            }

            results = index.Search(sparse, options);
        }

        var candidates = new List<Candidate>(results.Hits.Count);
        foreach (var hit in results.Hits)
        {
            if (plan.ScoreThreshold is not float t || hit.Score > t)
            {
                candidates.Add(new Candidate(PointId.FromEngineId(hit.Id), hit.Score, hit.Metadata));
            }
        }

        return candidates;
    }

    /// <summary>Scores the union of the prefetches' candidates with a vector query against their stored vectors.</summary>
    private List<Candidate> Rescore(List<List<Candidate>> lists, string name, VectorValue vector, PointId? excluded)
    {
        var result = ScoreStored(lists.SelectMany(list => list), name, vector, excluded);
        Fusion.Sort(result);
        return result;
    }

    /// <summary>How many points have the named vector, and how many of them have each of <paramref name="terms"/> (the statistics
    /// of the idf modifier; a cluster adds them up over its shards).</summary>
    public TermStatistics GetTermStatistics(string name, ReadOnlySpan<uint> terms)
    {
        RequireVector(name);
        var index = _vectors[name];
        return new TermStatistics(index.Count, terms.ToArray(), index.DocumentFrequencies(terms));
    }

    /// <summary>A sparse query as searched: with the idf modifier, each weight times the term's IDF over this vector's points, or
    /// over <paramref name="statistics"/> when given (a whole cluster's).</summary>
    private SparseVector WeightedSparseQuery(string name, SparseVector query, TermStatistics? statistics = null)
    {
        if (_config.FindSparse(name)?.Modifier != SparseModifier.Idf || query.Count == 0)
        {
            return query;
        }

        var index = _vectors[name];
        var frequencies = statistics is null ? index.DocumentFrequencies(query.Indices) : statistics.FrequenciesOf(query.Indices);
        return HitExplainer.WeighByIdf(query, statistics?.Documents ?? index.Count, frequencies);
    }

    private VectorValue StoredQueryVector(NearestPointQuery query)
    {
        VectorIndex(query.Using);
        if (!_ids.Contains(query.Id))
        {
            throw StoreException.NotFound($"No point with id {query.Id} found");
        }

        return ReadVector(query.Using, query.Id.ToEngineId())
            ?? throw StoreException.BadInput($"Wrong input: point {query.Id} has no vector `{DisplayName(query.Using)}` to query with.");
    }

    private static Filter ExcludingPoint(Filter? filter, PointId id)
        => Filter.Merge(filter, new Filter { MustNot = [new HasIdCondition([id])] })!;

    /// <summary>A query without a vector lists points in id order (score 0), as Qdrant does.</summary>
    private List<Candidate> ScrollCandidates(Filter? filter, int limit)
    {
        var page = Scroll(filter, null, limit, PayloadSelector.None, VectorSelector.None);
        return [.. page.Points.Select(point => new Candidate(point.Id, 0f, _points.Get(point.Id.ToEngineId())?.Metadata))];
    }

    private HitExplanation Explain(PointId id, QueryPlan root, Dictionary<QueryPlan, List<Candidate>> trace)
    {
        var queries = new List<QueryExplanation>();
        void Visit(QueryPlan plan)
        {
            foreach (var prefetch in plan.Prefetch)
            {
                Visit(prefetch);
            }

            if (plan.Query is not (NearestQuery or NearestPointQuery))
            {
                return;
            }

            var rank = trace.TryGetValue(plan, out var list) ? list.FindIndex(c => c.Id == id) : -1;
            queries.Add(ExplainQuery(id, plan.Query, rank < 0 ? null : rank + 1));
        }

        Visit(root);
        return new HitExplanation(queries);
    }

    private QueryExplanation ExplainQuery(PointId id, QueryKind query, int? rank)
    {
        var (name, vector, vocabulary) = query switch
        {
            NearestQuery nearest => (nearest.Using, nearest.Vector, nearest.Vocabulary),
            NearestPointQuery byPoint => (byPoint.Using, StoredQueryVector(byPoint), (QueryVocabulary?)null),
            _ => throw new InvalidOperationException(),
        };
        var prepared = PrepareVector(name, vector, "the query");
        var stored = ReadVector(name, id.ToEngineId());
        var statistics = (query as NearestQuery)?.Statistics;
        return HitExplainer.Explain(name, prepared, sparse => WeightedSparseQuery(name, sparse, statistics), stored, vocabulary, rank);
    }
}
