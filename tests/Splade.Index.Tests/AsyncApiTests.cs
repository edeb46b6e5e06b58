using Splade.Core;
using Splade.Tests.Shared;

namespace Splade.Index.Tests;

/// <summary>The async forms of upsert, flush, bulk load and search: the same results as the synchronous ones, and a cancelled
/// call writes nothing.</summary>
public sealed class AsyncApiTests : IDisposable
{
    private readonly TempFolder _folder = new("splade-index-async-");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Async_writes_and_searches_match_the_synchronous_ones_and_survive_a_reopen()
    {
        var documents = Enumerable.Range(0, 40).Select(i => new IndexDocument($"d{i}", Vector(i)) { Dense = [i, 1f] }).ToList();
        var path = _folder.Combine("idx");
        using (var index = SparseIndex.Open(path))
        {
            await index.UpsertAsync(documents.Take(20));
            Assert.Equal(20, await index.BulkLoadAsync(documents.Skip(20)));
            await index.FlushAsync();
            var query = new SparseVector([1, 3, 7], [1f, 0.5f, 2f]);
            var options = new SearchOptions { K = 5 };
            Assert.Equal(Ids(index.Search(query, options)), Ids(await index.SearchAsync(query, options)));
            float[] dense = [0.5f, 1f];
            Assert.Equal(Ids(index.SearchDense(dense, options)), Ids(await index.SearchDenseAsync(dense, options)));
        }

        using var reopened = SparseIndex.Open(path);
        Assert.Equal(40, reopened.Count);
    }

    [Fact]
    public async Task A_cancelled_upsert_or_bulk_load_writes_nothing_even_when_cancelled_while_reading_the_batch()
    {
        using var index = SparseIndex.Open(_folder.Combine("idx"));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => index.UpsertAsync([new IndexDocument("a", Vector(1))], cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => index.FlushAsync(cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => index.SearchAsync(Vector(1), null, cancelled.Token));

        using var midway = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => index.UpsertAsync(CancelAfter(midway, 10), midway.Token));
        Assert.Equal(0, index.Count);

        using var midLoad = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => index.BulkLoadAsync(CancelAfter(midLoad, 10), null, midLoad.Token));
        Assert.Equal(0, index.Count);

        await index.UpsertAsync([new IndexDocument("a", Vector(1))]);
        Assert.Equal(1, index.Count);
    }

    private static IEnumerable<IndexDocument> CancelAfter(CancellationTokenSource source, int count)
    {
        for (var i = 0; i < 100; i++)
        {
            if (i == count)
            {
                source.Cancel();
            }

            yield return new IndexDocument($"m{i}", Vector(i));
        }
    }

    private static SparseVector Vector(int seed) => new([(uint)(seed % 5), (uint)(5 + (seed % 7))], [1f + (seed % 3), 0.5f + (seed % 4)]);

    private static string[] Ids(SearchResults results) => [.. results.Hits.Select(hit => hit.Id)];
}
