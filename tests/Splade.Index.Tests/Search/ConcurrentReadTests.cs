using System.Text.Json.Nodes;
using Splade.Core;
using Splade.Tests.Shared;

namespace Splade.Index.Tests.Search;

public sealed class ConcurrentReadTests : IDisposable
{
    private readonly TempFolder _folder = new("splade-index-tests-");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Reads_by_id_run_while_writes_flush_and_merge_and_always_see_a_whole_document()
    {
        using var index = SparseIndex.Open(_folder.Path, new IndexOptions { FlushThreshold = 20, MergeFactor = 2, Durable = false });
        index.Upsert(new IndexDocument("fixed", new SparseVector([1], [1f])) { Metadata = new JsonObject { ["v"] = 0 } });
        using var stop = new CancellationTokenSource();
        var reader = Task.Run(() =>
        {
            var reads = 0;
            while (!stop.IsCancellationRequested)
            {
                var document = index.Get("fixed")!;
                Assert.Equal(document.Metadata!["v"]!.GetValue<int>(), (int)document.Vector.Values[0] - 1);
                var moving = index.Get("moving");
                Assert.True(moving is null || moving.Metadata!["v"]!.GetValue<int>() == (int)moving.Vector.Values[0]);
                reads++;
            }

            return reads;
        });
        for (var round = 1; round <= 400; round++)
        {
            index.Upsert(new IndexDocument("fixed", new SparseVector([1], [round + 1f])) { Metadata = new JsonObject { ["v"] = round } });
            index.Upsert(new IndexDocument("moving", new SparseVector([2], [round])) { Metadata = new JsonObject { ["v"] = round } });
            index.Upsert(new IndexDocument($"filler{round % 50}", new SparseVector([3], [1f])));
        }

        index.WaitForMerges();
        stop.Cancel();
        Assert.True(await reader > 0);
        Assert.Equal(400, index.Get("fixed")!.Metadata!["v"]!.GetValue<int>());
    }
}
