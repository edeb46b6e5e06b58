using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Orleans;
using Splade.Cluster.Grains;
using Splade.Cluster.Placement;
using Splade.Cluster.Routing;
using Splade.Cluster.Serving;
using Splade.Cluster.Wire;
using Splade.Core;
using Splade.Server.Catalog;
using Splade.Server.Storage;
using Splade.Tests.Shared;

namespace Splade.Cluster.Tests;

/// <summary>A sharded, replicated collection and a single-machine collection (the oracle) given the same operations through the
/// server's collection handle: each operation's outcome (its error, if any) must be the same on both, every point (payload and
/// vectors) must read back the same, and every in-sync replica of a shard must hold exactly the same points, versions and sequence.</summary>
internal sealed class WriteOracle : IAsyncDisposable
{
    private readonly TempFolder _folder = new();
    private readonly ClusterCollections _collections;
    private readonly IGrainFactory _grains;
    private readonly Collection _oracle;

    private WriteOracle(ClusterCollections collections, IGrainFactory grains, string name)
    {
        _collections = collections;
        _grains = grains;
        Name = name;
        Collection.Initialize(_folder.Path, Config.WithVectorFolders());
        _oracle = Collection.Open(name, _folder.Path);
        Single = new LocalHandle(new CollectionLease(_oracle));
    }

    public string Name { get; }

    /// <summary>The single machine's handle (the oracle).</summary>
    public ICollectionHandle Single { get; }

    public static CollectionConfig Config { get; } = new()
    {
        Dense = [new DenseVectorConfig("d", 3, Distance.Cosine, string.Empty)],
        Sparse = [new SparseVectorConfig("s", SparseModifier.None, string.Empty), new SparseVectorConfig("w", SparseModifier.Idf, string.Empty)],
    };

    public static async Task<WriteOracle> CreateAsync(ClusterCollections collections, IGrainFactory grains, string name, int shards, int replicas)
    {
        await collections.CreateAsync(name, Config, new ShardingSpec(shards, replicas, 1));
        return new WriteOracle(collections, grains, name);
    }

    /// <summary>The cluster's handle, as the HTTP server opens it for one request (with the shard map as it is now).</summary>
    public async Task<ICollectionHandle> ClusterAsync() => new ClusterHandle(_collections, await _collections.GetAsync(Name));

    /// <summary>Runs an operation on both; the outcomes (success, or the error's kind and message) must be equal.</summary>
    public async Task<string> BothAsync(Func<ICollectionHandle, Task> operation, string what)
    {
        var expected = await OutcomeAsync(() => operation(Single));
        using var cluster = await ClusterAsync();
        var actual = await OutcomeAsync(() => operation(cluster));
        Assert.True(expected == actual, $"{what}: the single machine gave `{expected}`, the cluster `{actual}`");
        return actual;
    }

    /// <summary>Every point, read back through the cluster's handle, equals the single machine's (payload and vectors, bit for bit),
    /// and every in-sync replica of every shard holds the same points with the same versions and has applied as many writes.</summary>
    public async Task AssertSameStateAsync(string what)
    {
        var expected = Describe(await ScrollAllAsync(Single));
        using var cluster = await ClusterAsync();
        var actual = Describe(await ScrollAllAsync(cluster));
        Assert.True(expected == actual, $"{what}:\nsingle machine:\n{expected}\ncluster:\n{actual}");
        await AssertReplicasEqualAsync(what);
    }

    public async Task AssertReplicasEqualAsync(string what)
    {
        var map = await _collections.GetAsync(Name);
        foreach (var shard in map.Shards)
        {
            string? first = null;
            long? sequence = null;
            foreach (var replica in shard.Replicas.Where(r => r.InSync))
            {
                var grain = _grains.GetGrain<IShardReplicaGrain>(new ReplicaKey(Name, shard.Shard, replica.Replica).ToString());
                var page = await PlacementHint.CallOn(replica.Silo, () => grain.ReadAsync(new ShardRead
                {
                    Limit = 100_000, WithPayload = true, AllVectors = true,
                }));
                var text = string.Join("\n", page.Points.Select(point => $"{point.Id} v{point.Version} {point.Payload} " + string.Join(" ",
                    (point.Vectors ?? []).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={Describe(p.Value.ToValue())}"))));
                var applied = await PlacementHint.CallOn(replica.Silo, grain.GetSequenceAsync);
                first ??= text;
                sequence ??= applied;
                Assert.True(first == text,
                    $"{what}: shard {shard.Shard} replica {replica.Replica} differs from the shard's first in-sync replica:\n{first}\n---\n{text}");
                Assert.True(sequence == applied, $"{what}: shard {shard.Shard} replica {replica.Replica} applied {applied} writes, another {sequence}");
            }

            Assert.NotNull(first);
        }
    }

    /// <summary>Every replica of every shard, asked directly, refuses a count with this filter with the single machine's error (a
    /// filter whose value type does not fit a payload index: the replica has the index).</summary>
    public async Task AssertEveryReplicaRefusesAsync(string filter)
    {
        var expected = await Assert.ThrowsAsync<StoreException>(async () => await Single.CountAsync(FilterText.Parse(filter)));
        var map = await _collections.GetAsync(Name);
        foreach (var shard in map.Shards)
        {
            foreach (var replica in shard.Replicas)
            {
                var grain = _grains.GetGrain<IShardReplicaGrain>(new ReplicaKey(Name, shard.Shard, replica.Replica).ToString());
                var refused = await Assert.ThrowsAnyAsync<Exception>(() => PlacementHint.CallOn(replica.Silo, () => grain.CountMatchingAsync(filter)));
                Assert.True(expected.Message == refused.Message, $"shard {shard.Shard} replica {replica.Replica}: {refused.Message}");
            }
        }
    }

    private static async Task<List<PointRecord>> ScrollAllAsync(ICollectionHandle handle)
    {
        var all = new List<PointRecord>();
        PointId? offset = null;
        do
        {
            var page = await handle.ScrollAsync(null, offset, 7, PayloadSelector.All, VectorSelector.Everything);
            all.AddRange(page.Points);
            offset = page.NextOffset;
        }
        while (offset is not null);
        return all;
    }

    public static string Describe(IEnumerable<PointRecord> points)
        => string.Join("\n", points.Select(point => $"{point.Id} {point.Payload?.ToJsonString() ?? "-"} "
            + string.Join(" ", (point.Vectors ?? new Dictionary<string, VectorValue>()).OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => $"{p.Key}={Describe(p.Value)}"))));

    private static string Describe(VectorValue value)
    {
        var text = new StringBuilder();
        if (value.Dense is { } dense)
        {
            text.AppendJoin(',', dense.Select(x => BitConverter.SingleToInt32Bits(x).ToString("x8", CultureInfo.InvariantCulture)));
        }
        else if (value.Sparse is { } sparse)
        {
            for (var i = 0; i < sparse.Count; i++)
            {
                text.Append(CultureInfo.InvariantCulture, $"{sparse.Indices[i]}:{BitConverter.SingleToInt32Bits(sparse.Values[i]):x8};");
            }
        }

        return text.ToString();
    }

    private static async Task<string> OutcomeAsync(Func<Task> operation)
    {
        try
        {
            await operation();
            return "ok";
        }
        catch (StoreException error)
        {
            return $"{error.Kind}: {error.Message}";
        }
    }

    /// <summary>A point with the three vectors (some left out) and a payload.</summary>
    public static PointInput Point(ulong id, int seed, JsonObject? payload = null)
    {
        var vectors = new Dictionary<string, VectorValue>(StringComparer.Ordinal)
        {
            ["s"] = VectorValue.FromSparse(SparseVector.FromDictionary(new Dictionary<uint, float> { [(uint)(seed % 5) + 1] = 0.5f + (seed % 3) })),
        };
        if (seed % 3 != 0)
        {
            vectors["d"] = VectorValue.FromDense([seed % 4, 1.5f, -(seed % 5)]);
        }

        if (seed % 2 == 0)
        {
            vectors["w"] = VectorValue.FromSparse(SparseVector.FromDictionary(new Dictionary<uint, float> { [(uint)(seed % 4) + 2] = 1f }));
        }

        payload ??= new JsonObject
        {
            ["g"] = seed % 3,
            ["tag"] = seed % 2 == 0 ? "even" : "odd",
            ["n"] = new JsonObject { ["x"] = seed, ["y"] = "keep" },
        };
        return new PointInput(PointId.FromNumber(id), vectors, payload);
    }

    public async ValueTask DisposeAsync()
    {
        await _collections.DeleteAsync(Name);
        _oracle.Dispose();
        _folder.Dispose();
    }
}
