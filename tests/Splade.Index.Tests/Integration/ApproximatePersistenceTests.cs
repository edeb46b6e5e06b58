using Splade.Index.Approximate;
using Splade.Index.Tests.Approximate;
using Splade.Tests.Shared;

namespace Splade.Index.Tests.Integration;

/// <summary>The approximate index as part of a persistent index: its <c>.apx</c> files, reopening, tuned knobs and corruption.</summary>
public sealed class ApproximatePersistenceTests : IDisposable
{
    private static readonly IndexOptions Options = new()
    {
        FlushThreshold = 250,
        BackgroundMerge = false,
        Approximate = ApproximateIndexOptions.Default with { PostingsPerTerm = 80, BlockSize = 8 },
    };
    private readonly TempFolder _folder = new("splade-index-tests-");
    private readonly List<Core.SparseVector> _queries;

    public ApproximatePersistenceTests()
    {
        var (documents, queries) = TestCorpora.Clustered(seed: 21, documents: 600, queries: 12, dimension: 1500, topics: 12);
        _queries = queries;
        using var index = SparseIndex.Open(_folder.Path, Options);
        foreach (var chunk in documents.Select((vector, i) => new IndexDocument($"d{i}", vector)).Chunk(200))
        {
            index.Upsert(chunk);
        }

        index.Delete("d3");
        index.TuneApproximate(queries, targetRecall: 0.8);
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Reopening_gives_the_same_results_with_the_tuned_knobs_and_new_segments_stay_approximate()
    {
        List<SearchResults> before;
        IndexStatistics statistics;
        using (var index = SparseIndex.Open(_folder.Path, Options))
        {
            before = _queries.Select(q => index.Search(q)).ToList();
            statistics = index.GetStatistics();
        }

        Assert.True(statistics.Segments >= 2);
        Assert.Equal(statistics.Segments, statistics.ApproximateSegments);
        Assert.Equal(statistics.Segments, Directory.GetFiles(_folder.Path, "seg_*.apx").Length);
        Assert.NotNull(statistics.ApproximateSearch);
        using var reopened = SparseIndex.Open(_folder.Path);
        var reopenedStatistics = reopened.GetStatistics();
        Assert.Equal(statistics.ApproximateSearch, reopenedStatistics.ApproximateSearch);
        Assert.Equal(statistics.Approximate, reopenedStatistics.Approximate);
        for (var i = 0; i < _queries.Count; i++)
        {
            var after = reopened.Search(_queries[i]);
            Assert.Equal(before[i].Algorithm, after.Algorithm);
            Assert.Equal(before[i].Hits.Select(h => (h.Id, h.Score)), after.Hits.Select(h => (h.Id, h.Score)));
        }

        reopened.Upsert(new IndexDocument("late", _queries[0]));
        reopened.Merge();
        Assert.Equal(1, reopened.GetStatistics().ApproximateSegments);
        Assert.Single(Directory.GetFiles(_folder.Path, "seg_*.apx"));
        Assert.Equal(SearchAlgorithm.Approximate, reopened.Search(_queries[1]).Algorithm);
        Assert.Equal(600, reopened.Count);
    }

    [Fact]
    public void A_damaged_approximate_file_is_a_corruption_error_naming_it()
    {
        var file = Directory.GetFiles(_folder.Path, "seg_*.apx")[0];
        var bytes = File.ReadAllBytes(file);
        foreach (var position in new[] { 0, 20, bytes.Length / 2, bytes.Length - 1 })
        {
            var damaged = (byte[])bytes.Clone();
            damaged[position] ^= 0x5A;
            File.WriteAllBytes(file, damaged);
            var error = Assert.Throws<IndexCorruptedException>(() => SparseIndex.Open(_folder.Path).Dispose());
            Assert.Equal(Path.GetFileName(file), error.FileName);
        }

        File.Delete(file);
        var missing = Assert.Throws<IndexCorruptedException>(() => SparseIndex.Open(_folder.Path).Dispose());
        Assert.Equal(Path.GetFileName(file), missing.FileName);
    }
}
