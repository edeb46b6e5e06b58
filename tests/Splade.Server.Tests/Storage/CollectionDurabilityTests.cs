using System.Net;
using System.Text.Json.Nodes;
using Splade.Core;
using Splade.Server.Model.Filters;
using Splade.Server.Storage;

namespace Splade.Server.Tests.Storage;

/// <summary>The collection layer's log: every acknowledged write survives a crash (its indexes unflushed), a torn last append is
/// dropped, and damage elsewhere is reported for that collection only.</summary>
public sealed class CollectionDurabilityTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "splade-server-durability", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task A_crash_keeps_every_acknowledged_write_of_every_kind()
    {
        var store = new CollectionStore(Path.Combine(_root, "live"));
        store.Create("c", Config());
        using (var lease = store.Acquire("c"))
        {
            var collection = lease.Collection;
            await collection.UpsertAsync([Point(1, "a"), Point(2, "b"), Point(3, "c")]);
            await collection.DeleteAsync(new PointSelection([PointId.FromNumber(2)], null));
            var third = new PointSelection(null, new Filter { Must = [new HasIdCondition([PointId.FromNumber(3)])] });
            await collection.SetPayloadAsync(third, new JsonObject { ["extra"] = 1 }, overwrite: false);
            await collection.UpdateVectorsAsync([new PointInput(PointId.FromNumber(1), Vectors(dense: [0f, 1f]), null)]);
            await collection.DeleteVectorsAsync(new PointSelection([PointId.FromNumber(3)], null), ["s"]);
            // The process "crashes" here: the folder is copied as it is, indexes unflushed, while the collection is still open.
            CrashCopy.Of(Path.Combine(_root, "live"), Path.Combine(_root, "crashed"));
        }

        store.Dispose();
        using var reopened = new CollectionStore(Path.Combine(_root, "crashed"));
        using var after = reopened.Acquire("c");
        AssertState(after.Collection);
    }

    [Fact]
    public async Task Reopening_after_a_crash_checkpoints_so_that_crash_after_crash_replays_only_the_new_writes()
    {
        // Before this, the log only shrank at shutdown or past its size limit: each crash left it to the next start, which replayed
        // every write since the collection was created, and restarts grew slower with every crash.
        string[] folders = [Path.Combine(_root, "live"), Path.Combine(_root, "crash-1"), Path.Combine(_root, "crash-2")];
        using (var store = new CollectionStore(folders[0]))
        {
            store.Create("c", Config());
            using var lease = store.Acquire("c");
            await lease.Collection.UpsertAsync([Point(1, "a"), Point(2, "b")]);
            await lease.Collection.UpsertAsync([Point(3, "c")]);
            CrashCopy.Of(folders[0], folders[1]);
        }

        using (var store = new CollectionStore(folders[1]))
        {
            using var lease = store.Acquire("c");
            Assert.Equal(2, lease.Collection.ReplayedOnOpen);
            Assert.All(Directory.GetFiles(Path.Combine(folders[1], "collections", "c", "log")), file => Assert.True(new FileInfo(file).Length <= 12, file));
            await lease.Collection.UpsertAsync([Point(4, "d")]);
            CrashCopy.Of(folders[1], folders[2]);
        }

        using var reopened = new CollectionStore(folders[2]);
        using var after = reopened.Acquire("c");
        Assert.Equal(1, after.Collection.ReplayedOnOpen);
        Assert.Equal(4, after.Collection.Count);
        var points = after.Collection.Scroll(null, null, 10, PayloadSelector.All, VectorSelector.None).Points;
        Assert.Equal(["1", "2", "3", "4"], points.Select(p => p.Id.ToString()));
    }

    [Fact]
    public async Task A_torn_last_append_is_dropped_and_the_rest_kept()
    {
        using (var store = new CollectionStore(Path.Combine(_root, "live")))
        {
            store.Create("c", Config());
            using var lease = store.Acquire("c");
            await lease.Collection.UpsertAsync([Point(1, "a")]);
            CrashCopy.Of(Path.Combine(_root, "live"), Path.Combine(_root, "crashed"));
        }

        var log = Directory.GetFiles(Path.Combine(_root, "crashed", "collections", "c", "log"), "wal-*.log").Order().Last();
        await File.AppendAllBytesAsync(log, [40, 0, 0, 0, 1, 2, 3, 4, 5]);
        using var reopened = new CollectionStore(Path.Combine(_root, "crashed"));
        using var after = reopened.Acquire("c");
        Assert.Equal(1, after.Collection.Count);
        await after.Collection.UpsertAsync([Point(2, "b")]);
        Assert.Equal(2, after.Collection.Count);
    }

    [Fact]
    public async Task A_damaged_collection_reports_why_and_the_others_keep_serving()
    {
        var folder = Path.Combine(_root, "live");
        await using (var server = await TestServer.StartAsync(folder: folder))
        {
            await server.CreateCollectionAsync("good", """{"sparse_vectors": {"s": {}}}""");
            await server.CreateCollectionAsync("bad", """{"sparse_vectors": {"s": {}}}""");
            foreach (var name in new[] { "good", "bad" })
            {
                (await server.PutAsync($"/collections/{name}/points", """{"points": [{"id": 1, "vector": {"s": {"indices": [1], "values": [1]}}}]}"""))
                    .AssertOk();
            }
        }

        // A graceful stop checkpointed both: damage one of the bad collection's segment files.
        var segment = Directory.GetFiles(Path.Combine(folder, "collections", "bad", "vectors"), "seg_*", SearchOption.AllDirectories).First();
        var bytes = await File.ReadAllBytesAsync(segment);
        bytes[bytes.Length / 2] ^= 0xFF;
        await File.WriteAllBytesAsync(segment, bytes);

        await using var restarted = await TestServer.StartAsync(folder: folder);
        var info = (await restarted.GetAsync("/collections/bad")).AssertOk().Result;
        Assert.Equal("red", info["status"]!.GetValue<string>());
        Assert.Contains("damaged", info["splade"]!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        (await restarted.PostAsync("/collections/bad/points/scroll", "{}")).AssertError(HttpStatusCode.ServiceUnavailable, "Collection `bad` cannot be opened");
        Assert.Equal(1, (await restarted.PostAsync("/collections/good/points/count", "{}")).AssertOk().Result["count"]!.GetValue<int>());
        Assert.Equal(2, (await restarted.GetAsync("/collections")).AssertOk().Result["collections"]!.AsArray().Count);
        Assert.True((await restarted.DeleteAsync("/collections/bad")).AssertOk().Result.GetValue<bool>());
    }

    private static void AssertState(Collection collection)
    {
        Assert.Equal(2, collection.Count);
        var records = collection.Retrieve(
            [PointId.FromNumber(1), PointId.FromNumber(2), PointId.FromNumber(3)],
            PayloadSelector.All, VectorSelector.Everything);
        Assert.Equal([1UL, 3UL], records.Select(r => r.Id.Number));
        Assert.Equal([0f, 1f], records[0].Vectors!["d"].Dense!);
        Assert.Equal("a", records[0].Payload!["name"]!.GetValue<string>());
        Assert.Equal(1, records[1].Payload!["extra"]!.GetValue<int>());
        Assert.False(records[1].Vectors!.ContainsKey("s"));
        Assert.True(records[0].Vectors!.ContainsKey("s"));
        var hits = collection.Query(
            new QueryPlan { Query = new NearestQuery("s", VectorValue.FromSparse(new SparseVector([1], [1f]))) },
            new QueryOptions(0, PayloadSelector.None, VectorSelector.None));
        Assert.Equal([1UL], hits.Select(h => h.Id.Number));
    }

    private static CollectionConfig Config() => new()
    {
        Dense = [new DenseVectorConfig("d", 2, Distance.Dot, string.Empty)],
        Sparse = [new SparseVectorConfig("s", SparseModifier.None, string.Empty)],
    };

    private static PointInput Point(ulong id, string name)
        => new(PointId.FromNumber(id), Vectors(dense: [1f, 0f], sparse: new SparseVector([1, 4], [1f, (float)id])), new JsonObject { ["name"] = name });

    private static Dictionary<string, VectorValue> Vectors(float[]? dense = null, SparseVector? sparse = null)
    {
        var vectors = new Dictionary<string, VectorValue>(StringComparer.Ordinal);
        if (dense is not null)
        {
            vectors["d"] = VectorValue.FromDense(dense);
        }

        if (sparse is not null)
        {
            vectors["s"] = VectorValue.FromSparse(sparse);
        }

        return vectors;
    }
}
