using Splade.Cluster.Grains;
using Splade.Cluster.Placement;
using Splade.Cluster.Wire;
using Splade.Server.Storage;

namespace Splade.Cluster.Routing;

/// <summary>The queries that need stored vectors (a query level over prefetches, a query by a stored point's id), the idf
/// statistics they share with searches, and the checkpoint of every replica.</summary>
internal sealed partial class ClusterCollections
{
    /// <summary>The exact scores of <paramref name="ids"/> (the candidates of a query level over prefetches) against a vector
    /// query, each shard scoring the stored vectors of the points it holds, with the whole collection's idf statistics; best
    /// first, ties by point id. Points that do not exist or lack the vector are left out, as on a single machine.</summary>
    /// <exception cref="StoreException">An unknown vector, a query that does not fit it, no such collection, or a shard holding
    /// some of the candidates has no replica that answers.</exception>
    public async Task<List<Candidate>> RescoreAsync(string name, string vector, VectorValue query, IReadOnlyList<PointId> ids)
    {
        var map = await GetAsync(name).ConfigureAwait(false);
        var config = map.ReadConfig();
        var prepared = Collection.PrepareVector(config, vector, query, "the query");
        var missing = new SortedSet<int>();
        var statistics = await IdfStatisticsAsync(map, config, vector, prepared, missing).ConfigureAwait(false);
        var parts = ids.Distinct().GroupBy(id => ShardRouter.ShardOf(id, map.ShardNumber)).ToList();
        var request = (string[] part) => new ShardRescore { Using = vector, Vector = WireVector.From(query), Ids = part, Statistics = statistics };
        var answers = await Task.WhenAll(parts.Select(part => CallAnyAsync(map.Name, map.Shards[part.Key],
            replica => replica.RescoreAsync(request([.. part.Select(id => id.ToEngineId())]))))).ConfigureAwait(false);
        foreach (var (part, answer) in parts.Zip(answers))
        {
            if (!answer.Answered)
            {
                missing.Add(part.Key);
            }
        }

        RequireAll(map, [.. missing], "query");
        var scored = answers.SelectMany(answer => answer.Value!).Select(hit => new Candidate(PointId.FromEngineId(hit.Id), hit.Score, null)).ToList();
        Fusion.Sort(scored);
        return scored;
    }

    /// <summary>Checkpoints every in-sync replica of every shard of a collection (their indexes flushed into sealed segments, each
    /// with its approximate index where a vector has one; their logs retired), as a graceful stop does.</summary>
    /// <exception cref="StoreException">No such collection, or a replica cannot be reached or cannot write to its disk.</exception>
    public async Task CheckpointAsync(string name)
    {
        var map = await GetAsync(name).ConfigureAwait(false);
        await Task.WhenAll(map.Shards.SelectMany(shard => shard.Replicas.Where(replica => replica.InSync).Select(replica =>
            Unwrap(async () =>
            {
                await PlacementHint.CallOn(replica.Silo, () => Replica(map.Name, shard.Shard, replica.Replica).CheckpointAsync()).ConfigureAwait(false);
                return true;
            })))).ConfigureAwait(false);
    }

    /// <summary>For a sparse query on a vector with the idf modifier, the statistics of its terms over the whole collection
    /// (gathered from one replica of every shard, as Elasticsearch's DFS phase does; shards that cannot answer are added to
    /// <paramref name="missing"/>); null otherwise.</summary>
    private async Task<WireTermStatistics?> IdfStatisticsAsync(
        CollectionShardMap map, CollectionConfig config, string vector, VectorValue prepared, SortedSet<int> missing)
    {
        if (prepared.Sparse is not { } sparse || config.FindSparse(vector)?.Modifier != SparseModifier.Idf)
        {
            return null;
        }

        var terms = sparse.Indices.ToArray();
        var parts = await FanOutAsync(map, missing, replica => replica.GetTermStatisticsAsync(vector, terms)).ConfigureAwait(false);
        return WireTermStatistics.From(TermStatistics.Sum(terms, parts.Select(part => part.ToStatistics())));
    }
}
