using System.Text.Json.Nodes;
using Splade.Cluster.Routing;
using Splade.Core;
using Splade.Server.Catalog;
using Splade.Server.Model.Filters;
using Splade.Server.Storage;

namespace Splade.Cluster.Tests;

/// <summary>Each write that depends on a collection's state (conditional upserts, vector updates and deletions, payload changes, deletes
/// by filter, payload indexes), by ids and by filter, on a collection of 3 shards with 2 replicas on three silos, and on a single
/// machine: the same outcomes, the same points read back, and every in-sync replica of a shard in the same state.</summary>
public sealed class ClusterWriteTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private static int s_round;

    private static readonly Filter GroupOne = F("""{"must": [{"key": "g", "match": {"value": 1}}]}""");
    private static readonly Filter Odd = F("""{"must": [{"key": "tag", "match": {"value": "odd"}}]}""");
    private static readonly Filter GroupZero = F("""{"must": [{"key": "g", "match": {"value": 0}}]}""");

    /// <summary>A range over a string: refused by the filter reader.</summary>
    private const string RefusedFilter = """{"must": [{"key": "g", "range": {"gt": "x"}}]}""";

    [Fact]
    public Task Upserts_with_update_mode_and_update_filter() => RunAsync(
        ("insert_only", c => c.UpsertAsync(Points(18, 30, seed: 5), UpdateMode.InsertOnly, null)),
        ("update_only", c => c.UpsertAsync(Points(10, 40, seed: 7), UpdateMode.UpdateOnly, null)),
        ("update_filter", c => c.UpsertAsync(Points(0, 36, seed: 11), UpdateMode.Upsert, GroupOne)),
        ("insert_only with update_filter", c => c.UpsertAsync(Points(30, 44, seed: 13), UpdateMode.InsertOnly, Odd)),
        ("update_only with update_filter", c => c.UpsertAsync(Points(0, 50, seed: 17), UpdateMode.UpdateOnly, Odd)),
        ("a refused vector writes nothing", c => c.UpsertAsync(
            [WriteOracle.Point(60, 1), WriteOracle.Point(61, 2) with { Vectors = new Dictionary<string, VectorValue> { ["d"] = VectorValue.FromDense([1]) } }],
            UpdateMode.InsertOnly, null)),
        ("a refused filter writes nothing", c => c.UpsertAsync(Points(0, 5, seed: 3), UpdateMode.Upsert, F(RefusedFilter))));

    [Fact]
    public Task Vector_updates_and_deletions() => RunAsync(
        ("update vectors by id", c => c.UpdateVectorsAsync(
            [Vectors(3, ("d", [1, 2, 3])), Vectors(4, ("s", null)), Vectors(3, ("w", null), ("d", [0, 0, 1]))], null)),
        ("update vectors with update_filter", c => c.UpdateVectorsAsync(
            [.. Enumerable.Range(0, 24).Select(i => Vectors((ulong)i, ("d", [i, 1, 1])))], GroupOne)),
        ("update vectors of a missing point", c => c.UpdateVectorsAsync([Vectors(2, ("d", [5, 5, 5])), Vectors(99, ("d", [1, 1, 1]))], null)),
        ("update vectors with a wrong dimension", c => c.UpdateVectorsAsync([Vectors(2, ("d", [5, 5]))], null)),
        ("delete vectors by id", c => c.DeleteVectorsAsync(new PointSelection([Id(1), Id(2), Id(3), Id(77)], null), ["d", "w"])),
        ("delete vectors by filter", c => c.DeleteVectorsAsync(new PointSelection(null, Odd), ["s"])),
        ("delete an unknown vector", c => c.DeleteVectorsAsync(new PointSelection([Id(5)], null), ["nope"])));

    [Fact]
    public Task Payload_operations_by_id_and_by_filter() => RunAsync(
        ("set payload by id", c => c.SetPayloadAsync(new PointSelection([Id(1), Id(2), Id(90)], null), Payload("""{"g": 2, "new": [1, 2]}"""), false)),
        ("set payload by filter", c => c.SetPayloadAsync(new PointSelection(null, GroupOne), Payload("""{"flag": true, "n": {"z": 1}}"""), false)),
        ("overwrite payload by id", c => c.SetPayloadAsync(new PointSelection([Id(4), Id(5)], null), Payload("""{"only": "this"}"""), true)),
        ("overwrite payload by filter", c => c.SetPayloadAsync(new PointSelection(null, Odd), Payload("""{"g": 0, "tag": "was odd"}"""), true)),
        ("delete payload keys by id", c => c.DeletePayloadKeysAsync(new PointSelection([Id(6), Id(8)], null), ["tag", "n.x"])),
        ("delete payload keys by filter", c => c.DeletePayloadKeysAsync(new PointSelection(null, GroupZero), ["n"])),
        ("clear payload by id", c => c.ClearPayloadAsync(new PointSelection([Id(10), Id(12)], null))),
        ("clear payload by filter", c => c.ClearPayloadAsync(new PointSelection(null, F("""{"must": [{"key": "g", "match": {"value": 2}}]}""")))),
        ("set payload with a refused filter", c => c.SetPayloadAsync(new PointSelection(null, F(RefusedFilter)), Payload("""{"a": 1}"""), false)));

    [Fact]
    public Task Deletes_by_filter_and_by_id() => RunAsync(
        ("delete by filter", c => c.DeleteAsync(new PointSelection(null, Odd))),
        ("delete by id", c => c.DeleteAsync(new PointSelection([Id(0), Id(2), Id(55)], null))),
        ("delete by a filter matching nothing", c => c.DeleteAsync(new PointSelection(null, F("""{"must": [{"key": "g", "match": {"value": 9}}]}""")))));

    [Fact]
    public async Task Payload_indexes_are_on_every_replica_and_in_the_shard_map()
    {
        await using var both = await SeededAsync();
        await both.BothAsync(c => c.UpdatePayloadIndexesAsync(indexes => With(indexes, "tag", JsonValue.Create("keyword")!)), "create an index");
        await both.BothAsync(c => c.UpdatePayloadIndexesAsync(indexes => With(indexes, "g", JsonValue.Create("keyword")!)), "create another");
        await both.BothAsync(c => c.UpdatePayloadIndexesAsync(indexes => With(indexes, "g", new JsonObject { ["type"] = "integer" })), "change one");
        await both.BothAsync(c => c.UpdatePayloadIndexesAsync(indexes => indexes.Where(p => p.Key != "tag").ToDictionary()), "delete one");

        var map = await fixture.Collections.GetAsync(both.Name);
        var config = map.ReadConfig();
        Assert.Equal(["g"], config.PayloadIndexes.Keys);
        Assert.Equal("""{"type":"integer"}""", config.PayloadIndexes["g"].ToJsonString());
        var counts = await fixture.Collections.CountWithFieldsAsync(both.Name, ["g", "absent"]);
        Assert.Equal([24L, 0L], counts);

        // The integer index refuses a filter matching `g` against a string on every replica, as on the single machine.
        await both.AssertEveryReplicaRefusesAsync("""{"must": [{"key": "g", "match": {"value": "x"}}]}""");
        await both.AssertSameStateAsync("after the index changes");
    }

    private async Task RunAsync(params (string What, Func<ICollectionHandle, Task> Operation)[] operations)
    {
        await using var both = await SeededAsync();
        foreach (var (what, operation) in operations)
        {
            await both.BothAsync(operation, what);
            await both.AssertSameStateAsync(what);
        }
    }

    /// <summary>A collection of 3 shards with 2 replicas, and the oracle, holding points 0 to 23.</summary>
    private async Task<WriteOracle> SeededAsync()
    {
        var both = await WriteOracle.CreateAsync(fixture.Collections, fixture.Cluster.Client, $"w{Interlocked.Increment(ref s_round)}", 3, 2);
        await both.BothAsync(c => c.UpsertAsync(Points(0, 24, seed: 0), UpdateMode.Upsert, null), "seed");
        return both;
    }

    internal static Filter F(string json) => FilterText.Parse(json)!;

    internal static PointId Id(ulong id) => PointId.FromNumber(id);

    internal static JsonObject Payload(string json) => JsonNode.Parse(json)!.AsObject();

    internal static List<PointInput> Points(int from, int to, int seed)
        => [.. Enumerable.Range(from, to - from).Select(i => WriteOracle.Point((ulong)i, i + seed))];

    /// <summary>A vector update: the dense values given, or for a null one a sparse vector.</summary>
    private static PointInput Vectors(ulong id, params (string Name, float[]? Dense)[] vectors)
        => new(Id(id), vectors.ToDictionary(v => v.Name, v => v.Dense is { } dense ? VectorValue.FromDense(dense) : Sparse, StringComparer.Ordinal), null);

    private static VectorValue Sparse => VectorValue.FromSparse(SparseVector.FromDictionary(new Dictionary<uint, float> { [3] = 2f }));

    private static Dictionary<string, JsonNode> With(IReadOnlyDictionary<string, JsonNode> indexes, string field, JsonNode schema)
        => new(indexes, StringComparer.Ordinal) { [field] = schema };
}
