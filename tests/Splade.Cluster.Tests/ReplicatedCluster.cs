using System.Collections.Concurrent;
using Orleans.Configuration;
using Orleans.TestingHost;
using Splade.Cluster.Grains;
using Splade.Cluster.Hosting;
using Splade.Cluster.Routing;
using Splade.Tests.Shared;

namespace Splade.Cluster.Tests;

/// <summary>Silos in this process (Orleans' in-process test cluster) with fast failure detection, each with its own data folder,
/// the shard map persisted in a <c>redis-server</c> started for the test (so it survives the death of the silo it lives on), and
/// a switch per silo that makes its disk refuse writes (a full disk).</summary>
internal sealed class ReplicatedCluster : IAsyncDisposable
{
    /// <summary>The xunit collection of the tests that run such clusters: one at a time, so that failure detection (a second
    /// without an answer) is not fooled by two clusters sharing a loaded machine.</summary>
    public const string Collection = "replicated clusters";

    private readonly TempFolder _data;
    private readonly ConcurrentDictionary<string, bool> _fullDisks = new(StringComparer.Ordinal);
    private volatile TaskCompletionSource? _stalledCopies;

    private ReplicatedCluster(TempFolder data, RedisServer redis, InProcessTestCluster cluster)
    {
        _data = data;
        Redis = redis;
        Cluster = cluster;
        Collections = new ClusterCollections(cluster.Client);
    }

    public RedisServer Redis { get; }

    public InProcessTestCluster Cluster { get; }

    public ClusterCollections Collections { get; }

    public IShardMapGrain Map => Cluster.Client.GetGrain<IShardMapGrain>(ShardMapGrain.Key);

    /// <summary>Failure detection for tests: a silo that misses two 1 s probes is declared dead on one vote; calls time out after
    /// 15 s.</summary>
    public static void DetectFailuresFast(ISiloBuilder silo)
    {
        silo.Configure<ClusterMembershipOptions>(membership =>
        {
            membership.ProbeTimeout = TimeSpan.FromSeconds(1);
            membership.NumMissedProbesLimit = 2;
            membership.NumVotesForDeathDeclaration = 1;
        });
        silo.Configure<SiloMessagingOptions>(messaging => messaging.ResponseTimeout = TimeSpan.FromSeconds(15));
    }

    /// <summary>The test cluster's client gives up on a call after 15 s, as the silos do.</summary>
    public static void ShortenClientTimeout(InProcessTestClusterBuilder builder)
        => builder.ConfigureClient(client => client.Configure<ClientMessagingOptions>(messaging => messaging.ResponseTimeout = TimeSpan.FromSeconds(15)));

    /// <param name="silos">How many silos.</param>
    /// <param name="copyStallTimeout">How long a replica being built waits for its copy to progress (default: the product's).</param>
    /// <param name="copyChunkBytes">The copy's chunk size; files up to it travel inside the copy's description, unchunked.</param>
    /// <param name="responseTimeout">How long a silo waits for a call's answer (default 15 s, <see cref="DetectFailuresFast"/>).</param>
    public static async Task<ReplicatedCluster> StartAsync(
        int silos, TimeSpan? copyStallTimeout = null, int copyChunkBytes = 700, TimeSpan? responseTimeout = null)
    {
        var data = new TempFolder("splade-replicated-");
        var redis = await RedisServer.StartAsync();
        ReplicatedCluster? started = null;
        var builder = new InProcessTestClusterBuilder((short)silos);
        builder.ConfigureSilo((options, silo) =>
        {
            var name = options.SiloName;
            silo.AddSpladeClusterRedisStorage(redis.Configuration);
            silo.AddSpladeCluster(new ClusterNodeOptions
            {
                DataFolder = data.Combine(name),

                // Small chunks, so that copying a replica reads most files in several chunks, as large segments are in a deployment.
                CopyChunkBytes = copyChunkBytes,
                CopyStallTimeout = copyStallTimeout ?? new ClusterNodeOptions { DataFolder = string.Empty }.CopyStallTimeout,
                SnapshotReadFault = _ => started?._stalledCopies?.Task ?? Task.CompletedTask,
                WriteFault = _ =>
                {
                    if (started?._fullDisks.GetValueOrDefault(name) == true)
                    {
                        throw new IOException("No space left on device");
                    }
                },
            });
            DetectFailuresFast(silo);
            if (responseTimeout is { } timeout)
            {
                silo.Configure<SiloMessagingOptions>(messaging => messaging.ResponseTimeout = timeout);
            }
        });
        ShortenClientTimeout(builder);
        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
        }
        catch
        {
            await cluster.DisposeAsync();
            redis.Dispose();
            data.Dispose();
            throw;
        }

        started = new ReplicatedCluster(data, redis, cluster);
        return started;
    }

    /// <summary>The data folder of the silo named <paramref name="silo"/>.</summary>
    public string DataFolder(string silo) => _data.Combine(silo);

    /// <summary>Makes the disk of <paramref name="silo"/> refuse every write of a shard replica, or accept them again.</summary>
    public void SetDiskFull(string silo, bool full) => _fullDisks[silo] = full;

    /// <summary>Makes every primary stop answering the chunk reads of the replicas being built from it (a source that hangs), or
    /// answer them again (the reads waiting so far go on).</summary>
    public void SetCopiesStalled(bool stalled)
    {
        if (stalled)
        {
            _stalledCopies ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        else
        {
            Interlocked.Exchange(ref _stalledCopies, null)?.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Cluster.StopAllSilosAsync();
            await Cluster.DisposeAsync();
        }
        finally
        {
            Redis.Dispose();
            _data.Dispose();
        }
    }
}
