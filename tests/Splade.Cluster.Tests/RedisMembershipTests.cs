using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Splade.Cluster.Hosting;
using Splade.Cluster.Routing;
using Splade.Cluster.Wire;
using Splade.Core;
using Splade.Server.Storage;
using Splade.Tests.Shared;

namespace Splade.Cluster.Tests;

/// <summary>Silos as they run in a deployment: separate hosts on loopback ports that find each other through Orleans' Redis
/// membership table, the shard map in the same Redis, a client that reaches them through it.</summary>
public sealed class RedisMembershipTests
{
    [Fact]
    public async Task Silos_join_through_redis_and_serve_a_sharded_collection()
    {
        using var data = new TempFolder("splade-redis-cluster-");
        using var redis = await RedisServer.StartAsync();
        var address = $"redis://{redis.Configuration}";
        var silos = Enumerable.Range(0, 3).Select(i => ClusterHost.BuildSilo(new ClusterHostOptions
        {
            DataFolder = data.Combine($"silo{i}"),
            Redis = address,
            SiloPort = FreePort(),
            GatewayPort = FreePort(),
        })).ToList();
        var stranger = ClusterHost.BuildSilo(new ClusterHostOptions
        {
            DataFolder = data.Combine("stranger"),
            Redis = address,
            ClusterId = "another",
            SiloPort = FreePort(),
            GatewayPort = FreePort(),
        });
        using var client = ClusterHost.BuildClient(address);
        try
        {
            foreach (var silo in silos.Append(stranger))
            {
                await silo.StartAsync();
            }

            await client.StartAsync();
            var collections = new ClusterCollections(client.Services.GetRequiredService<IClusterClient>());
            var config = new CollectionConfig { Sparse = [new SparseVectorConfig("s", SparseModifier.None, string.Empty)] };
            await collections.CreateAsync("docs", config, new ShardingSpec(3, 3, 2));
            var points = Enumerable.Range(1, 30).Select(i => new PointInput(
                PointId.FromNumber((ulong)i),
                new Dictionary<string, VectorValue>(StringComparer.Ordinal)
                {
                    ["s"] = VectorValue.FromSparse(SparseVector.FromDictionary(new Dictionary<uint, float> { [7] = i })),
                },
                new JsonObject { ["i"] = i })).ToList();
            await collections.UpsertAsync("docs", points);

            var result = await collections.SearchAsync("docs", new ClusterSearch(
                "s", VectorValue.FromSparse(SparseVector.FromDictionary(new Dictionary<uint, float> { [7] = 1 })), 5) { WithPayload = true });
            Assert.True(result.Complete);
            Assert.Equal([30UL, 29, 28, 27, 26], result.Hits.Select(hit => hit.Id.Number));
            Assert.Equal(30, (await collections.CountAsync("docs")).Count);

            // Every silo of the cluster holds one replica of each of the 3 shards; the silo of another cluster id holds none.
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal(3, Directory.GetDirectories(data.Combine($"silo{i}", "replicas", "docs")).Length);
            }

            Assert.False(Directory.Exists(data.Combine("stranger", "replicas")));
        }
        finally
        {
            await client.StopAsync();
            foreach (var silo in silos.Append(stranger))
            {
                await silo.StopAsync();
                silo.Dispose();
            }
        }
    }

    [Fact]
    public async Task A_shard_whose_only_replica_was_on_a_restarted_silo_comes_back_with_it_and_loses_nothing()
    {
        using var data = new TempFolder("splade-redis-restart-");
        using var redis = await RedisServer.StartAsync();
        var address = $"redis://{redis.Configuration}";
        var options = Enumerable.Range(0, 3).Select(i => new ClusterHostOptions
        {
            DataFolder = data.Combine($"silo{i}"),
            Redis = address,
            SiloPort = FreePort(),
            GatewayPort = FreePort(),
        }).ToList();
        var silos = options.Select(option => ClusterHost.BuildSilo(option)).ToList();
        using var client = ClusterHost.BuildClient(address);
        try
        {
            foreach (var silo in silos)
            {
                await silo.StartAsync();
            }

            await client.StartAsync();
            var collections = new ClusterCollections(client.Services.GetRequiredService<IClusterClient>());
            await collections.CreateAsync("single", WriteStream.Config, new ShardingSpec(3, 1, 1));
            var points = Enumerable.Range(0, 60).Select(i => WriteStream.Point((ulong)i, 1)).ToList();
            await collections.UpsertAsync("single", points);
            var lost = Directory.GetDirectories(data.Combine("silo2", "replicas", "single")).Length;
            Assert.True(lost > 0);

            // The machine stops and starts again at the same address with its disk (Orleans sees a new silo, a new generation):
            // its replicas, the only ones of their shards, are found there again with every acknowledged point.
            await silos[2].StopAsync();
            silos[2].Dispose();
            silos[2] = ClusterHost.BuildSilo(options[2]);
            await silos[2].StartAsync();

            // The sweep of forgotten folders leaves them alone: the map places them on the silo's old generation (not active).
            Assert.Empty(await silos[2].Services.GetRequiredService<ReplicaSweeper>().SweepAsync());
            Assert.Equal(lost, Directory.GetDirectories(data.Combine("silo2", "replicas", "single")).Length);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
            ClusterSearchResult result;
            while (!(result = await collections.SearchAsync("single", new ClusterSearch("s", WriteStream.SparseQuery, 100))).Complete)
            {
                Assert.True(DateTime.UtcNow < deadline, ShardChecks.Describe(await collections.GetAsync("single")));
                await Task.Delay(200);
            }

            Assert.Equal(60, result.Hits.Count);
            await collections.UpsertAsync("single", [WriteStream.Point(1, 2)]);
            var acknowledged = points.ToDictionary(point => point.Id.Number, _ => (int?)1);
            acknowledged[1] = 2;
            var grains = client.Services.GetRequiredService<IClusterClient>();
            await ShardChecks.AssertEveryReplicaHoldsAsync(grains, await collections.GetAsync("single"), acknowledged);
        }
        finally
        {
            await client.StopAsync();
            foreach (var silo in silos)
            {
                await silo.StopAsync();
                silo.Dispose();
            }
        }
    }

    [Fact]
    public void A_cluster_address_that_is_not_redis_is_refused()
    {
        var options = new ClusterHostOptions { DataFolder = "unused", Redis = "http://127.0.0.1:6379" };
        var error = Assert.Throws<StoreException>(options.RedisConfiguration);
        Assert.Contains("redis://127.0.0.1:6379", error.Message);
        Assert.Equal("10.0.0.1:6379", (options with { Redis = "redis://10.0.0.1" }).RedisConfiguration());
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
