using System.Text.Json.Nodes;
using Splade.Cluster.Grains;
using Splade.Cluster.Placement;
using Splade.Cluster.Wire;
using Splade.Server.Storage;

namespace Splade.Cluster.Routing;

/// <summary>The sharded collections of a cluster, as any silo or client sees them: creates them through the shard map, routes
/// writes to the primary of the owning shard and fans searches out to one replica of every shard, merging their hits.</summary>
internal sealed partial class ClusterCollections(IGrainFactory grains)
{
    /// <summary>How long a write keeps trying while its shard's primary cannot be reached: long enough for membership to declare
    /// a dead silo dead and the shard map to promote a backup.</summary>
    public static readonly TimeSpan FailoverTimeout = TimeSpan.FromSeconds(90);

    /// <summary>How many times a search tries a shard's in-sync replicas before naming the shard as missing.</summary>
    private const int UnavailableRounds = 4;

    private IShardMapGrain Map => grains.GetGrain<IShardMapGrain>(ShardMapGrain.Key);

    /// <exception cref="StoreException">The name, configuration or sharding parameters are refused, or the name is taken.</exception>
    public Task<CollectionShardMap> CreateAsync(string name, CollectionConfig config, ShardingSpec sharding)
        => Unwrap(() => Map.CreateAsync(name, CollectionShardMap.WriteConfig(config.WithVectorFolders()), sharding));

    public Task<bool> DeleteAsync(string name) => Map.DeleteAsync(name);

    public Task<IReadOnlyList<string>> ListAsync() => Map.ListAsync();

    /// <summary>Starts or follows a graceful leave of a silo (<see cref="IShardMapGrain.DrainAsync"/>): the number of replicas it still
    /// holds, 0 once it can be stopped.</summary>
    /// <exception cref="StoreException">The silo is not an active member, or the others cannot hold every replica.</exception>
    public Task<int> DrainAsync(SiloAddress silo) => Unwrap(() => Map.DrainAsync(silo));

    /// <exception cref="StoreException">No such collection (kind NotFound).</exception>
    public async Task<CollectionShardMap> GetAsync(string name)
        => await OnMapAsync(map => map.GetAsync(name)).ConfigureAwait(false) ?? throw StoreException.CollectionMissing(name);

    /// <summary>Upserts points: the whole batch is checked against the configuration first (nothing is written when one point is
    /// refused), then each shard's part goes to its primary.</summary>
    /// <returns>The highest sequence number the shards gave their parts of the write.</returns>
    public async Task<long> UpsertAsync(string name, IReadOnlyList<PointInput> points)
    {
        var map = await GetAsync(name).ConfigureAwait(false);
        CheckVectors(map.ReadConfig(), points);
        var parts = ByShard(map, points, point => point.Id);
        var sequences = await Task.WhenAll(parts.Select(pair => WriteAsync(
            map, pair.Key, new ShardWrite { Upserts = [.. pair.Value.Select(WirePoint.From)] }))).ConfigureAwait(false);
        return sequences.DefaultIfEmpty().Max();
    }

    /// <summary>Deletes points by id; unknown ids are skipped.</summary>
    /// <returns>The highest sequence number the shards gave their parts of the write.</returns>
    public async Task<long> DeleteAsync(string name, IReadOnlyList<PointId> ids)
    {
        var map = await GetAsync(name).ConfigureAwait(false);
        var parts = ids.GroupBy(id => ShardRouter.ShardOf(id, map.ShardNumber));
        var sequences = await Task.WhenAll(parts.Select(part => WriteAsync(
            map, part.Key, new ShardWrite { Deletes = [.. part.Select(id => id.ToEngineId())] }))).ConfigureAwait(false);
        return sequences.DefaultIfEmpty().Max();
    }

    /// <summary>Searches every shard (one replica each) and merges their hits: the best <see cref="ClusterSearch.Limit"/> after
    /// <see cref="ClusterSearch.Offset"/>, by score, ties by point id. For a sparse vector with the idf modifier, the statistics
    /// of the whole collection are gathered from the shards first (as Elasticsearch's DFS phase does), so scores equal a single
    /// machine's.</summary>
    /// <exception cref="StoreException">An unknown vector, a wrong dimension, a bad filter, or no such collection.</exception>
    public async Task<ClusterSearchResult> SearchAsync(string name, ClusterSearch search)
    {
        var map = await GetAsync(name).ConfigureAwait(false);
        var config = map.ReadConfig();
        var vector = Collection.PrepareVector(config, search.Using, search.Vector, "the query");
        FilterText.Parse(search.Filter);
        var missing = new SortedSet<int>();
        var statistics = await IdfStatisticsAsync(map, config, search.Using, vector, missing).ConfigureAwait(false);

        var request = new ShardSearch
        {
            Using = search.Using,
            // The vector as given: each shard prepares it again (normalising a Cosine query twice would change its last bits).
            Vector = WireVector.From(search.Vector),
            Filter = search.Filter,
            Limit = search.Limit + search.Offset,
            ScoreThreshold = search.ScoreThreshold,
            WithPayload = search.WithPayload,
            Statistics = statistics,
            Exact = search.Params?.Exact ?? false,
            QueryTerms = search.Params?.QueryTerms,
            HeapFactor = search.Params?.HeapFactor,
        };
        var answers = await FanOutAsync(map, missing, replica => replica.SearchAsync(request)).ConfigureAwait(false);
        var hits = answers.SelectMany(answer => answer)
            .Select(hit => new ClusterHit(PointId.FromEngineId(hit.Id), hit.Score, hit.Payload is null ? null : JsonNode.Parse(hit.Payload)!.AsObject()))
            .OrderByDescending(hit => hit.Score)
            .ThenBy(hit => hit.Id)
            .Skip(search.Offset)
            .Take(search.Limit);
        return new ClusterSearchResult([.. hits], [.. missing]);
    }

    /// <summary>The points with these ids that exist, with their payloads, in no particular order; shards that cannot answer are
    /// named in the result.</summary>
    public async Task<(IReadOnlyList<ClusterHit> Points, IReadOnlyList<int> MissingShards)> RetrieveAsync(string name, IReadOnlyList<PointId> ids)
    {
        var map = await GetAsync(name).ConfigureAwait(false);
        var parts = ids.Distinct().GroupBy(id => ShardRouter.ShardOf(id, map.ShardNumber)).ToList();
        var answers = await Task.WhenAll(parts.Select(part => CallAnyAsync(map.Name, map.Shards[part.Key],
            replica => replica.RetrieveAsync([.. part.Select(id => id.ToEngineId())])))).ConfigureAwait(false);
        var points = new List<ClusterHit>();
        var missing = new List<int>();
        for (var i = 0; i < parts.Count; i++)
        {
            if (!answers[i].Answered)
            {
                missing.Add(parts[i].Key);
                continue;
            }

            points.AddRange(answers[i].Value!.Select(record => new ClusterHit(
                PointId.FromEngineId(record.Id), 0f, record.Payload is null ? null : JsonNode.Parse(record.Payload)!.AsObject())));
        }

        missing.Sort();
        return (points, missing);
    }

    /// <summary>Counts the points of every shard; shards that cannot answer are named in the result.</summary>
    public async Task<(long Count, IReadOnlyList<int> MissingShards)> CountAsync(string name)
    {
        var map = await GetAsync(name).ConfigureAwait(false);
        var missing = new SortedSet<int>();
        var counts = await FanOutAsync(map, missing, replica => replica.CountAsync()).ConfigureAwait(false);
        return (counts.Sum(), [.. missing]);
    }

    /// <summary>Sends a shard's part of a write to its primary. When the primary cannot be reached, the shard map is told (it
    /// promotes an in-sync backup once membership has declared the primary's silo dead) and the write is sent again to the
    /// primary the map then names, until <see cref="FailoverTimeout"/> has passed. Writes set final states, so sending one again
    /// is harmless.</summary>
    private async Task<long> WriteAsync(CollectionShardMap map, int shard, ShardWrite write)
    {
        var deadline = DateTime.UtcNow + FailoverTimeout;
        for (var attempt = 0; ; attempt++)
        {
            var assignment = map.Shards[shard];
            var primary = assignment.PrimaryReplica;
            var backups = assignment.Replicas.Where(replica => replica.Replica != primary.Replica && replica.InSync).ToList();
            var stamped = write with { Term = assignment.Term, Consistency = map.WriteConsistencyFactor };
            try
            {
                return await Unwrap(() => PlacementHint.CallOn(primary.Silo, () => Replica(map.Name, shard, primary.Replica)
                    .WriteAsync(stamped, backups))).ConfigureAwait(false);
            }
            catch (Exception error) when (IsUnavailable(error) && DateTime.UtcNow < deadline)
            {
                var name = map.Name;
                map = await OnMapAsync(grain => grain.ReportUnavailableAsync(name, shard, primary.Replica, assignment.Term)).ConfigureAwait(false)
                    ?? throw StoreException.CollectionMissing(name);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, 100 * (attempt + 1)))).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Calls one in-sync replica of every shard, the primary first and the others when it cannot answer; a shard none of
    /// whose replicas answers is added to <paramref name="missing"/>.</summary>
    private async Task<List<T>> FanOutAsync<T>(CollectionShardMap map, SortedSet<int> missing, Func<IShardReplicaGrain, Task<T>> call)
    {
        var answers = await Task.WhenAll(map.Shards.Select(shard => CallAnyAsync(map.Name, shard, call))).ConfigureAwait(false);
        var result = new List<T>(answers.Length);
        for (var i = 0; i < answers.Length; i++)
        {
            if (answers[i].Answered)
            {
                result.Add(answers[i].Value!);
            }
            else
            {
                lock (missing)
                {
                    missing.Add(map.Shards[i].Shard);
                }
            }
        }

        return result;
    }

    private async Task<(bool Answered, T? Value)> CallAnyAsync<T>(string name, ShardAssignment shard, Func<IShardReplicaGrain, Task<T>> call)
    {
        var order = shard.Replicas.Where(replica => replica.InSync).OrderBy(replica => replica.Replica == shard.Primary ? 0 : 1).ToList();

        // While Orleans recovers from a lost silo (its share of the grain directory moves to the survivors), a call to a live
        // replica can fail too; the replicas are tried again, a few times, before the shard is declared missing.
        for (var round = 0; round < UnavailableRounds; round++)
        {
            if (round > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250 * round)).ConfigureAwait(false);
            }

            foreach (var replica in order)
            {
                try
                {
                    var value = await Unwrap(() => PlacementHint.CallOn(replica.Silo, () => call(Replica(name, shard.Shard, replica.Replica))))
                        .ConfigureAwait(false);
                    return (true, value);
                }
                catch (Exception error) when (IsUnavailable(error))
                {
                    // The next in-sync replica answers instead; a primary that cannot answer is reported, so that a backup is promoted
                    // once its silo is declared dead.
                    if (replica.Replica == shard.Primary)
                    {
                        await OnMapAsync(map => map.ReportUnavailableAsync(name, shard.Shard, replica.Replica, shard.Term)).ConfigureAwait(false);
                    }
                }
            }
        }

        return (false, default);
    }

    /// <summary>Whether a call failed because its replica could not be reached (a dead or unknown silo, a timeout, a replica
    /// without data), as opposed to a refusal of the request itself.</summary>
    internal static bool IsUnavailable(Exception error)
        => error is SiloUnavailableException or TimeoutException or OrleansMessageRejectionException
            || (error is StoreException store && store.Kind == StoreErrorKind.Unavailable)
            || (error is OrleansException && error is not ShardException);

    /// <summary>Calls the shard map, again while it cannot be reached (its silo died and Orleans has not yet activated it on
    /// another, from its persisted state), until <see cref="FailoverTimeout"/> has passed.</summary>
    private async Task<T> OnMapAsync<T>(Func<IShardMapGrain, Task<T>> call)
    {
        var deadline = DateTime.UtcNow + FailoverTimeout;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await Unwrap(() => call(Map)).ConfigureAwait(false);
            }
            catch (Exception error) when (IsUnavailable(error) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, 100 * (attempt + 1)))).ConfigureAwait(false);
            }
        }
    }

    private IShardReplicaGrain Replica(string collection, int shard, int replica)
        => grains.GetGrain<IShardReplicaGrain>(new ReplicaKey(collection, shard, replica).ToString());

    private static async Task<T> Unwrap<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (ShardException error)
        {
            throw error.ToStoreException();
        }
    }
}
