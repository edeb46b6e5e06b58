using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Splade.Cluster.Routing;
using Splade.Core;
using Splade.Server.Storage;

namespace Splade.Cluster.Tests;

/// <summary>A continuous stream of upserts (new versions of ids 0..Ids-1), deletes and searches through the cluster, in the
/// background, recording what was acknowledged: each id's last acknowledged version, or its deletion.</summary>
internal sealed class WriteStream : IAsyncDisposable
{
    public const int Ids = 150;

    private readonly ClusterCollections _collections;
    private readonly string _name;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _writer;
    private readonly Task _reader;
    private int _batches;
    private int _searches;

    private WriteStream(ClusterCollections collections, string name)
    {
        _collections = collections;
        _name = name;
        _writer = Task.Run(WriteAsync);
        _reader = Task.Run(ReadAsync);
    }

    /// <summary>Each id's last acknowledged version (null: deleted); ids never written are absent.</summary>
    public ConcurrentDictionary<ulong, int?> Acknowledged { get; } = new();

    public ConcurrentQueue<string> Errors { get; } = new();

    public int Batches => Volatile.Read(ref _batches);

    public int Searches => Volatile.Read(ref _searches);

    public static CollectionConfig Config { get; } = new()
    {
        Sparse = [new SparseVectorConfig("s", SparseModifier.None, string.Empty)],
        Dense = [new DenseVectorConfig("d", 4, Distance.Dot, string.Empty)],
    };

    public static VectorValue SparseQuery { get; } = VectorValue.FromSparse(SparseVector.FromDictionary(new Dictionary<uint, float> { [1] = 1f, [3] = 0.5f }));

    public static VectorValue DenseQuery { get; } = VectorValue.FromDense([1f, -0.5f, 0.25f, 2f]);

    public static WriteStream Start(ClusterCollections collections, string name) => new(collections, name);

    /// <summary>Waits until <paramref name="more"/> further batches have been acknowledged.</summary>
    public async Task WaitForBatchesAsync(int more)
    {
        var target = Batches + more;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (Batches < target && Errors.IsEmpty && DateTime.UtcNow < deadline && !_writer.IsCompleted)
        {
            await Task.Delay(50);
        }

        Assert.True(Batches >= target, $"the stream stalled at batch {Batches}: {string.Join("\n", Errors.Take(3))}");
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_writer, _reader);
        Assert.True(Errors.IsEmpty, string.Join("\n", Errors.Take(5)));
        Assert.True(Searches > 0);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_writer, _reader);
        _stop.Dispose();
    }

    public static PointInput Point(ulong id, int version) => new(
        PointId.FromNumber(id),
        new Dictionary<string, VectorValue>(StringComparer.Ordinal)
        {
            ["s"] = VectorValue.FromSparse(SparseVector.FromDictionary(new Dictionary<uint, float>
            {
                [1] = 1f + ((id + (ulong)version) % 7),
                [2 + (uint)(id % 5)] = 0.5f + (version % 3),
            })),
            ["d"] = VectorValue.FromDense([(id % 3) - 1f, version % 5, (id % 4) * 0.5f, 1f + ((version + (int)id) % 3)]),
        },
        new JsonObject { ["v"] = version });

    private async Task WriteAsync()
    {
        var random = new Random(7);
        for (var batch = 1; !_stop.IsCancellationRequested; batch++)
        {
            try
            {
                if (batch % 5 == 0)
                {
                    var ids = Enumerable.Range(0, 3).Select(_ => (ulong)random.Next(Ids)).Distinct().ToList();
                    await _collections.DeleteAsync(_name, [.. ids.Select(PointId.FromNumber)]);
                    foreach (var id in ids)
                    {
                        Acknowledged[id] = null;
                    }
                }
                else
                {
                    var points = Enumerable.Range(0, 6).Select(_ => (ulong)random.Next(Ids)).Distinct().Select(id => Point(id, batch)).ToList();
                    await _collections.UpsertAsync(_name, points);
                    foreach (var point in points)
                    {
                        Acknowledged[point.Id.Number] = batch;
                    }
                }

                Interlocked.Increment(ref _batches);
            }
            catch (Exception error)
            {
                Errors.Enqueue($"batch {batch}: {error.GetType().Name}: {error.Message}");
                return;
            }
        }
    }

    private async Task ReadAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var result = await _collections.SearchAsync(_name, new ClusterSearch("s", SparseQuery, 10));
                if (!result.Complete)
                {
                    Errors.Enqueue($"search: shards missing: {string.Join(",", result.MissingShards)}");
                }
            }
            catch (Exception error)
            {
                Errors.Enqueue($"search: {error.GetType().Name}: {error.Message}");
            }

            Interlocked.Increment(ref _searches);
            await Task.Delay(20);
        }
    }
}
