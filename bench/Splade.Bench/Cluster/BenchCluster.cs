using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans;
using Orleans.Runtime;
using Splade.Cluster.Hosting;
using Splade.Cluster.Routing;
using Splade.Cluster.Tests;
using Splade.Cluster.Wire;
using Splade.Server.Storage;

namespace Splade.Bench.Cluster;

/// <summary>A cluster of silo processes for the benchmark: Debian's redis-server (in memory, free loopback port) for membership and
/// the shard map, <c>n</c> <see cref="SiloChild"/> processes each with its own data folder and ports, and a client host in this
/// process that reaches them through Redis.</summary>
internal sealed class BenchCluster : IAsyncDisposable
{
    private const string ClusterId = "bench";
    private readonly RedisServer _redis;
    private readonly List<SiloChild> _silos;
    private readonly IHost _client;
    private readonly string _folder;

    private BenchCluster(string folder, RedisServer redis, List<SiloChild> silos, IHost client)
    {
        _folder = folder;
        _redis = redis;
        _silos = silos;
        _client = client;
        Collections = new ClusterCollections(client.Services.GetRequiredService<IClusterClient>());
    }

    public ClusterCollections Collections { get; }

    public int Silos => _silos.Count;

    public static async Task<BenchCluster> StartAsync(string folder, int silos)
    {
        var redis = await RedisServer.StartAsync().ConfigureAwait(false);
        var children = new List<SiloChild>();
        IHost? client = null;
        try
        {
            var address = $"redis://{redis.Configuration}";
            for (var i = 0; i < silos; i++)
            {
                children.Add(await SiloChild.StartAsync(Path.Combine(folder, $"silo{i}"), address, ClusterId, $"silo{i}").ConfigureAwait(false));
            }

            client = ClusterHost.BuildClient(address, ClusterId);
            await client.StartAsync().ConfigureAwait(false);
            return new BenchCluster(folder, redis, children, client);
        }
        catch
        {
            client?.Dispose();
            children.ForEach(child => child.Dispose());
            redis.Dispose();
            throw;
        }
    }

    /// <summary>Starts one more silo (it joins the running cluster).</summary>
    public async Task AddSiloAsync()
    {
        var index = _silos.Count;
        _silos.Add(await SiloChild.StartAsync(Path.Combine(_folder, $"silo{index}"), $"redis://{_redis.Configuration}", ClusterId, $"silo{index}")
            .ConfigureAwait(false));
    }

    /// <summary>Kills silo <paramref name="index"/> at once (SIGKILL), as a crash would; its folder stays.</summary>
    public void KillSilo(int index) => _silos[index].Kill();

    /// <summary>The data folder of the silo at <paramref name="silo"/> (matched by its port).</summary>
    public string FolderOf(SiloAddress silo) => _silos.First(child => child.SiloPort == silo.Endpoint.Port).DataFolder;

    /// <summary>Creates a collection of <paramref name="shards"/> shards with <paramref name="replication"/> replicas each, again
    /// until its replicas are spread over every silo (membership may not list a silo that has just joined as active yet).</summary>
    public async Task<CollectionShardMap> CreateAsync(string name, int shards, int replication, CollectionConfig config)
    {
        var wanted = Math.Min(_silos.Count, shards * replication);
        for (var attempt = 0; ; attempt++)
        {
            var map = await Collections.CreateAsync(name, config, new ShardingSpec(shards, replication, 1)).ConfigureAwait(false);
            var used = map.Shards.SelectMany(shard => shard.Replicas).Select(replica => replica.Silo).Distinct().Count();
            if (used == wanted)
            {
                return map;
            }

            await Collections.DeleteAsync(name).ConfigureAwait(false);
            if (attempt == 30)
            {
                throw new InvalidOperationException($"`{name}`'s replicas were placed on {used} silos, not {wanted}, after 30 attempts.");
            }

            await Task.Delay(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
        }
    }

    /// <summary>The processor time used so far by every silo and by this process (which routes the queries).</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            using var self = System.Diagnostics.Process.GetCurrentProcess();
            return _silos.Aggregate(self.TotalProcessorTime, (sum, silo) => sum + silo.ProcessorTime);
        }
    }

    /// <summary>Kills the silos and Redis at once (the benchmark was interrupted), so that no process outlives it.</summary>
    public void Kill()
    {
        _silos.ForEach(silo => silo.Kill());
        _redis.Dispose();
    }

    /// <summary>The resident memory and managed heap of every silo, summed, each after a full garbage collection.</summary>
    public async Task<(long Resident, long Managed)> MeasureMemoryAsync()
    {
        long resident = 0, managed = 0;
        foreach (var silo in _silos)
        {
            var (r, m) = await silo.MeasureMemoryAsync().ConfigureAwait(false);
            resident += r;
            managed += m;
        }

        return (resident, managed);
    }

    /// <summary>The bytes on disk of every replica of <paramref name="collection"/> over all silos.</summary>
    /// <remarks>The silos' folders stay after <see cref="DisposeAsync"/>: measured then, they hold what a graceful stop leaves (every
    /// replica checkpointed: its indexes flushed, its log retired).</remarks>
    public (long Total, long Log) DiskBytes(string collection)
    {
        long total = 0, log = 0;
        foreach (var silo in _silos)
        {
            var (t, l) = ClusterWorkload.DiskBytes(Path.Combine(silo.DataFolder, "replicas", collection));
            total += t;
            log += l;
        }

        return (total, log);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _client.StopAsync().ConfigureAwait(false);
        }
        finally
        {
            _client.Dispose();
            _silos.ForEach(silo => silo.Dispose());
            _redis.Dispose();
        }
    }
}
