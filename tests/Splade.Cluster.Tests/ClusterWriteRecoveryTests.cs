using System.Text.Json.Nodes;
using Splade.Server.Catalog;
using Splade.Server.Storage;

namespace Splade.Cluster.Tests;

/// <summary>Payload and vector writes by ids and by filter while a silo dies and its replicas are rebuilt on another silo (a copy of
/// the primary's files, then the writes forwarded after it): every write answers as on a single machine, and at the end every point
/// reads back the same, every in-sync replica of a shard holds the same state, and the rebuilt replicas have the payload indexes
/// created before the silo died and while they were being built.</summary>
[Collection(ReplicatedCluster.Collection)]
public sealed class ClusterWriteRecoveryTests
{
    [Fact]
    public async Task State_dependent_writes_survive_a_dead_silo_and_rebuilt_replicas_keep_the_payload_index()
    {
        await using var cluster = await ReplicatedCluster.StartAsync(3);
        await using var both = await WriteOracle.CreateAsync(cluster.Collections, cluster.Cluster.Client, "docs", 3, 2);
        await both.BothAsync(c => c.UpsertAsync(ClusterWriteTests.Points(0, 24, seed: 0), UpdateMode.Upsert, null), "seed");
        await both.BothAsync(c => c.UpdatePayloadIndexesAsync(_ => new Dictionary<string, JsonNode> { ["g"] = JsonValue.Create("integer")! }), "index");

        var victim = cluster.Cluster.Silos[2];
        for (var step = 0; step < 30; step++)
        {
            if (step == 8)
            {
                await cluster.Cluster.KillSiloAsync(victim);
            }

            if (step == 10)
            {
                // While the dead silo's replicas are being rebuilt: a new replica has the index from its copy of the primary's
                // configuration or as a forwarded write.
                await both.BothAsync(c => c.UpdatePayloadIndexesAsync(indexes => new Dictionary<string, JsonNode>(indexes)
                {
                    ["tag"] = JsonValue.Create("keyword")!,
                }), "an index created while replicas are rebuilt");
            }

            if (step == 20)
            {
                var survivors = cluster.Cluster.Silos.Where(silo => silo != victim).Select(silo => silo.SiloAddress).ToList();
                var rebuilt = await ShardChecks.WaitForFullStrengthAsync(cluster.Collections, "docs", survivors);

                // Replicas 0 and 1 were placed at creation: a higher number is a replica built since.
                Assert.Contains(rebuilt.Shards, shard => shard.Replicas.Any(replica => replica.Replica >= 2));
            }

            var outcome = await both.BothAsync(Step(step), $"step {step}");
            Assert.Equal("ok", outcome);
        }

        await both.AssertSameStateAsync("after the stream");
        await both.AssertEveryReplicaRefusesAsync("""{"must": [{"key": "g", "match": {"value": "x"}}]}""");
        await both.AssertEveryReplicaRefusesAsync("""{"must": [{"key": "tag", "range": {"gt": 1}}]}""");
    }

    private static Func<ICollectionHandle, Task> Step(int step)
    {
        var ids = new PointSelection([.. Enumerable.Range(0, 4).Select(k => ClusterWriteTests.Id((ulong)((step * 5) + (k * 7)) % 24))], null);
        var filter = new PointSelection(null, ClusterWriteTests.F($$$"""{"must": [{"key": "g", "match": {"value": {{{step % 3}}}}}]}"""));
        return (step % 6) switch
        {
            0 => c => c.SetPayloadAsync(ids, ClusterWriteTests.Payload($$"""{"w": {{step}}}"""), false),
            1 => c => c.SetPayloadAsync(filter, ClusterWriteTests.Payload($$"""{"f": {{step}}}"""), false),
            2 => c => c.DeletePayloadKeysAsync(filter, ["tag"]),
            3 => c => c.SetPayloadAsync(ids, ClusterWriteTests.Payload($$"""{"g": {{step % 3}}, "o": {{step}}}"""), true),
            4 => c => c.UpsertAsync(ClusterWriteTests.Points(step % 24, (step % 24) + 3, seed: step), UpdateMode.UpdateOnly, filter.Filter),
            _ => c => c.DeleteVectorsAsync(ids, ["w"]),
        };
    }
}
