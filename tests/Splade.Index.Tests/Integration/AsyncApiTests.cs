using Splade.Core;

namespace Splade.Index.Tests.Integration;

/// <summary>The async variants: they do what the synchronous calls do, and a token cancelled before the call writes nothing.</summary>
public sealed class AsyncApiTests
{
    private static IndexDocument Document(int n) => new($"d{n}", new SparseVector([1, 2 + (uint)n], [1f, n + 1f]));

    [Fact]
    public async Task Async_writes_and_searches_match_the_synchronous_ones()
    {
        using var index = SparseIndex.CreateInMemory();
        await index.UpsertAsync(Enumerable.Range(0, 20).Select(Document));
        Assert.Equal(3, await index.DeleteAsync(["d1", "d2", "d3", "missing"]));
        await index.FlushAsync();

        var query = new SparseVector([1, 5], [1f, 2f]);
        var results = await index.SearchAsync(query, new SearchOptions { K = 5 });
        Assert.Equal(index.Search(query, new SearchOptions { K = 5 }).Hits.Select(h => h.Id), results.Hits.Select(h => h.Id));
        Assert.Equal(17, index.Count);
        Assert.Equal(1, index.GetStatistics().Segments);
    }

    [Fact]
    public async Task A_token_cancelled_before_the_call_writes_and_searches_nothing()
    {
        using var index = SparseIndex.CreateInMemory();
        await index.UpsertAsync([Document(0)]);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => index.UpsertAsync([Document(1)], cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => index.DeleteAsync(["d0"], cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => index.FlushAsync(cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => index.SearchAsync(new SparseVector([1], [1f]), null, cancelled.Token));

        Assert.Equal(["d0"], index.GetIds());
        Assert.Equal(1, index.GetStatistics().BufferedDocuments);
    }

    [Fact]
    public async Task Bad_input_fails_the_task_with_the_synchronous_error()
    {
        using var index = SparseIndex.CreateInMemory();
        await Assert.ThrowsAsync<ArgumentException>(() => index.UpsertAsync([Document(0), Document(0)]));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => index.SearchAsync(new SparseVector([1], [1f]), new SearchOptions { K = 0 }));
        Assert.Equal(0, index.Count);
    }
}
