using System.Text.Json.Nodes;
using Splade.Core;
using Splade.Server.Storage;
using Splade.Tests.Shared;

namespace Splade.Server.Tests.Storage;

/// <summary>Concurrent writers share group commits: whatever groups they fall into, the collection ends as if the writes had run
/// one at a time in the order of their operation numbers (the oracle), after the writes and after a crash and a reopen.</summary>
public sealed class GroupCommitTests : IDisposable
{
    private readonly TempFolder _root = new("splade-group-commit-");

    public void Dispose() => _root.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Concurrent_upserts_and_deletes_end_as_the_same_writes_one_at_a_time_in_operation_order(int seed)
    {
        const int Writers = 8;
        const int WritesEach = 25;
        var live = _root.Combine("live");
        var done = new List<(long Operation, Action<Dictionary<ulong, long>> Apply)>();
        using (var store = new CollectionStore(live))
        {
            store.Create("c", new CollectionConfig { Sparse = [new SparseVectorConfig("s", SparseModifier.None, string.Empty)] });
            using var lease = store.Acquire("c");
            var collection = lease.Collection;
            var tasks = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
            {
                var random = new Random((seed * 100) + w);
                var mine = new List<(long, Action<Dictionary<ulong, long>>)>();
                for (var i = 0; i < WritesEach; i++)
                {
                    var tag = (w * 1000L) + i;
                    var ids = Enumerable.Range(0, random.Next(1, 8)).Select(_ => (ulong)random.Next(40)).Distinct().ToArray();
                    switch (random.Next(4))
                    {
                        case 0:
                            // A delete resolves against the state: it may only run after every earlier write is applied.
                            var deleted = await collection.DeleteAsync(new PointSelection([.. ids.Select(PointId.FromNumber)], null));
                            mine.Add((deleted, state => Array.ForEach(ids, id => state.Remove(id))));
                            break;
                        case 1:
                            // Insert-only reads the state too.
                            var inserted = await collection.UpsertAsync([.. ids.Select(id => Point(id, tag))], UpdateMode.InsertOnly);
                            mine.Add((inserted, state => Array.ForEach(ids, id => state.TryAdd(id, tag))));
                            break;
                        default:
                            var upserted = await collection.UpsertAsync([.. ids.Select(id => Point(id, tag))]);
                            mine.Add((upserted, state => Array.ForEach(ids, id => state[id] = tag)));
                            break;
                    }
                }

                lock (done)
                {
                    done.AddRange(mine);
                }
            })).ToArray();
            await Task.WhenAll(tasks);

            // The folder as a crash would leave it, while the collection is still open.
            CrashCopy.Of(live, _root.Combine("crashed"));
            Assert.Equal(Writers * WritesEach, done.Select(d => d.Operation).Distinct().Count());
            AssertState(collection, Oracle(done));
        }

        using var reopened = new CollectionStore(_root.Combine("crashed"));
        using var after = reopened.Acquire("c");
        AssertState(after.Collection, Oracle(done));
    }

    private static Dictionary<ulong, long> Oracle(List<(long Operation, Action<Dictionary<ulong, long>> Apply)> writes)
    {
        var state = new Dictionary<ulong, long>();
        foreach (var (_, apply) in writes.OrderBy(w => w.Operation))
        {
            apply(state);
        }

        return state;
    }

    private static void AssertState(Collection collection, Dictionary<ulong, long> expected)
    {
        var records = collection.Scroll(null, null, 1000, PayloadSelector.All, VectorSelector.Everything).Points;
        var actual = records.ToDictionary(r => r.Id.Number, r => r.Payload!["tag"]!.GetValue<long>());
        Assert.Equal(expected.OrderBy(p => p.Key), actual.OrderBy(p => p.Key));

        // The sparse index agrees: each point's vector carries its tag as a weight.
        foreach (var record in records)
        {
            var vector = record.Vectors!["s"].Sparse!;
            Assert.Equal([(uint)record.Id.Number, 1000u], vector.Indices.ToArray());
            Assert.Equal(1f + (expected[record.Id.Number] % 1000), vector.Values[0]);
        }
    }

    private static PointInput Point(ulong id, long tag)
        => new(PointId.FromNumber(id),
            new Dictionary<string, VectorValue>(StringComparer.Ordinal)
            {
                ["s"] = VectorValue.FromSparse(new SparseVector([(uint)id, 1000u], [1f + (tag % 1000), 1f])),
            },
            new JsonObject { ["tag"] = tag });
}
