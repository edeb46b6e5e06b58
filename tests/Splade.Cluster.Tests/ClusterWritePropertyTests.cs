using System.Text.Json.Nodes;
using CsCheck;
using Splade.Server.Catalog;
using Splade.Server.Model.Filters;
using Splade.Server.Storage;

namespace Splade.Cluster.Tests;

/// <summary>Random sequences of mixed writes (plain and conditional upserts, vector updates and deletions, payload changes and
/// deletes, by ids and by filters) on random shard counts with 2 replicas, against the single-machine oracle: the same outcomes, the
/// same points read back, and every in-sync replica of a shard in the same state.</summary>
public sealed class ClusterWritePropertyTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private static int s_round;

    private static readonly string?[] Filters =
    [
        null,
        """{"must": [{"key": "g", "match": {"value": 1}}]}""",
        """{"must": [{"key": "tag", "match": {"value": "odd"}}]}""",
        """{"should": [{"key": "g", "match": {"value": 0}}, {"key": "flag", "match": {"value": true}}]}""",
        """{"must_not": [{"key": "n.x", "range": {"gte": 5}}]}""",
    ];

    [Fact]
    public async Task Random_mixed_writes_leave_the_cluster_equal_to_a_single_machine()
    {
        var operation = Gen.Select(Gen.Int[0, 10], Gen.ULong[0, 14].List[0, 5], Gen.Int[0, 40], Gen.Int[0, Filters.Length - 1]);
        var cases = Gen.Select(Gen.Int[1, 4], Gen.ULong[0, 14].List[0, 10], operation.List[1, 8]);
        await cases.SampleAsync(async (shards, seedIds, operations) =>
        {
            var name = $"p{Interlocked.Increment(ref s_round)}";
            await using var both = await WriteOracle.CreateAsync(fixture.Collections, fixture.Cluster.Client, name, shards, 2);
            var history = $"{shards} shard(s), seeded {string.Join(",", seedIds)}";
            await both.BothAsync(c => c.UpsertAsync(Points(seedIds, 0), UpdateMode.Upsert, null), history);
            foreach (var (kind, ids, seed, filterChoice) in operations)
            {
                var filter = Filters[filterChoice] is { } text ? ClusterWriteTests.F(text) : null;
                var (what, run) = Operation(kind, ids, seed, filter);
                history += $"\n{what} ids {string.Join(",", ids)} seed {seed} filter {Filters[filterChoice]}";
                await both.BothAsync(run, history);
            }

            await both.AssertSameStateAsync(history);
        }, iter: 10, threads: 1);
    }

    private static (string What, Func<ICollectionHandle, Task> Run) Operation(int kind, List<ulong> ids, int seed, Filter? filter)
    {
        var selection = filter is null ? new PointSelection([.. ids.Select(PointId.FromNumber)], null) : new PointSelection(null, filter);
        return kind switch
        {
            0 => ("upsert", c => c.UpsertAsync(Points(ids, seed), UpdateMode.Upsert, filter)),
            1 => ("insert_only", c => c.UpsertAsync(Points(ids, seed), UpdateMode.InsertOnly, filter)),
            2 => ("update_only", c => c.UpsertAsync(Points(ids, seed), UpdateMode.UpdateOnly, filter)),
            3 => ("update vectors", c => c.UpdateVectorsAsync(
                [.. ids.Select(id => new PointInput(PointId.FromNumber(id), WriteOracle.Point(id, seed).Vectors, null))], filter)),
            4 => ("delete vectors", c => c.DeleteVectorsAsync(selection, seed % 2 == 0 ? ["d"] : ["s", "w"])),
            5 => ("delete", c => c.DeleteAsync(selection)),
            6 => ("set payload", c => c.SetPayloadAsync(selection, new JsonObject { ["flag"] = seed % 2 == 0, ["g"] = seed % 3 }, false)),
            7 => ("overwrite payload", c => c.SetPayloadAsync(selection, new JsonObject { ["tag"] = "odd", ["n"] = new JsonObject { ["x"] = seed } }, true)),
            8 => ("delete payload keys", c => c.DeletePayloadKeysAsync(selection, seed % 2 == 0 ? ["tag", "n.x"] : ["g"])),
            9 => ("clear payload", c => c.ClearPayloadAsync(selection)),
            _ => ("delete by id", c => c.DeleteAsync(new PointSelection([.. ids.Select(PointId.FromNumber)], null))),
        };
    }

    private static List<PointInput> Points(IEnumerable<ulong> ids, int seed)
        => [.. ids.Select(id => WriteOracle.Point(id, seed + (int)id))];
}
