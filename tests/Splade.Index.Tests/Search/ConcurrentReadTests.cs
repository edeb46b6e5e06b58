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
        var reading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reader = Task.Run(() =>
        {
            var reads = 0;
            do
            {
                var document = index.Get("fixed")!;
                Assert.Equal(document.Metadata!["v"]!.GetValue<int>(), (int)document.Vector.Values[0] - 1);
                var moving = index.Get("moving");
                Assert.True(moving is null || moving.Metadata!["v"]!.GetValue<int>() == (int)moving.Vector.Values[0]);
                reads++;
                reading.TrySetResult();
            }
            while (!stop.IsCancellationRequested);

            return reads;
        });

        // The writes start only once the reader is reading, so the two overlap however the thread pool schedules them.
        await Task.WhenAny(reading.Task, reader);
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

    [Fact]
    public async Task Searches_run_while_writes_flush_and_merge_segments_away_and_always_see_one_consistent_snapshot()
    {
        using var index = SparseIndex.Open(_folder.Path, new IndexOptions { FlushThreshold = 16, MergeFactor = 2, Durable = false });
        for (var i = 0; i < 30; i++)
        {
            index.Upsert(new IndexDocument($"doc{i}", new SparseVector([1, 2], [1f, 1f])));
        }

        using var stop = new CancellationTokenSource();
        var searching = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reader = Task.Run(() =>
        {
            var searches = 0;
            var query = new SparseVector([1, 2], [1f, 1f]);
            do
            {
                // Every write below replaces one document by another of the same score: any snapshot holds exactly 30 of them.
                var results = index.Search(query, new SearchOptions { K = 50 });
                Assert.Equal(30, results.Hits.Count);
                Assert.Equal(30, results.Hits.Select(hit => hit.Id).Distinct().Count());
                Assert.Equal(30, index.Count);
                searches++;
                searching.TrySetResult();
            }
            while (!stop.IsCancellationRequested);

            return searches;
        });

        await Task.WhenAny(searching.Task, reader);
        for (var round = 0; round < 600; round++)
        {
            var gone = round % 30;
            index.Upsert(new IndexDocument($"doc{gone}", new SparseVector([1, 2], [1f, 1f])));
        }

        index.Merge();
        stop.Cancel();
        Assert.True(await reader > 0);
        Assert.Equal(30, index.Search(new SparseVector([1], [1f]), new SearchOptions { K = 50 }).Hits.Count);
    }

    [Fact]
    public void A_disposed_index_refuses_reads()
    {
        var index = SparseIndex.CreateInMemory();
        index.Upsert(new IndexDocument("a", new SparseVector([1], [1f])));
        index.Dispose();
        Assert.Throws<ObjectDisposedException>(() => index.Search(new SparseVector([1], [1f])));
        Assert.Throws<ObjectDisposedException>(() => index.Count);
    }
}
