using System.Buffers.Binary;
using Splade.Core;
using Splade.Index.Storage;
using Splade.Tests.Shared;

namespace Splade.Index.Tests.Persistence;

public sealed class DenseInt8PersistenceTests : IDisposable
{
    private readonly TempFolder _folder = new("splade-index-tests-");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void An_int8_index_reopens_with_its_precision_and_the_same_results_including_unflushed_writes()
    {
        var random = new Random(7);
        var vectors = Enumerable.Range(0, 60).Select(_ => Enumerable.Range(0, 24).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray()).ToArray();
        var query = vectors[3].Select(x => x + 0.1f).ToArray();
        IReadOnlyList<SearchHit> before;
        float[] storedBefore;
        using (var index = SparseIndex.Open(
            _folder.Path, new IndexOptions { DensePrecision = DensePrecision.Int8, FlushThreshold = 25, BackgroundMerge = false }))
        {
            for (var i = 0; i < vectors.Length; i++)
            {
                index.Upsert(Document($"d{i}", vectors[i]));
            }

            index.Delete("d5");
            Assert.Equal(10, index.GetStatistics().BufferedDocuments);
            before = index.SearchDense(query, new SearchOptions { K = 20 }).Hits;
            storedBefore = index.Get("d3")!.Dense!;
        }

        // The stored precision wins over the option; the log is replayed into int8 segments again.
        using (var reopened = SparseIndex.Open(_folder.Path, new IndexOptions { DensePrecision = DensePrecision.Float32 }))
        {
            Assert.Equal(DensePrecision.Int8, reopened.DensePrecision);
            Assert.Equal(DensePrecision.Int8, reopened.GetStatistics().DensePrecision);
            AssertSameHits(before, reopened.SearchDense(query, new SearchOptions { K = 20 }).Hits);
            Assert.Equal(storedBefore, reopened.Get("d3")!.Dense);
            reopened.Flush();
        }

        using (var flushed = SparseIndex.Open(_folder.Path))
        {
            AssertSameHits(before, flushed.SearchDense(query, new SearchOptions { K = 20 }).Hits);
        }
    }

    [Fact]
    public void The_precision_chosen_at_creation_survives_a_reopen_before_the_first_flush()
    {
        using (var index = SparseIndex.Open(_folder.Path, new IndexOptions { DensePrecision = DensePrecision.Int8 }))
        {
            index.Upsert(Document("a", [0.5f, -1f, 0.25f]));
        }

        using var reopened = SparseIndex.Open(_folder.Path);
        Assert.Equal(DensePrecision.Int8, reopened.DensePrecision);
        reopened.Flush();
        Assert.Equal(DensePrecision.Int8, reopened.GetStatistics().DensePrecision);
    }

    [Fact]
    public void Merges_copy_codes_and_scales_so_deletes_and_upserts_do_not_drift()
    {
        var random = new Random(11);
        var vectors = Enumerable.Range(0, 40).Select(_ => Enumerable.Range(0, 16).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray()).ToArray();
        using var index = SparseIndex.Open(
            _folder.Path, new IndexOptions { DensePrecision = DensePrecision.Int8, FlushThreshold = 10, BackgroundMerge = false });
        using var reference = SparseIndex.CreateInMemory(new IndexOptions { DensePrecision = DensePrecision.Int8 });
        foreach (var target in new[] { index, reference })
        {
            target.Upsert(vectors.Select((v, i) => Document($"d{i}", v)));
            target.Delete(["d1", "d17", "d33"]);
            target.Upsert(Document("d2", vectors[39]));
        }

        var decoded = Enumerable.Range(0, 40).Where(i => i is not (1 or 17 or 33)).ToDictionary(i => $"d{i}", i => index.Get($"d{i}")!.Dense!);
        index.Merge();
        Assert.Equal(1, index.GetStatistics().Segments);
        index.Merge();
        foreach (var (id, dense) in decoded)
        {
            Assert.Equal(dense, index.Get(id)!.Dense);
        }

        var query = vectors[0];
        AssertSameHits(reference.SearchDense(query, new SearchOptions { K = 40 }).Hits, index.SearchDense(query, new SearchOptions { K = 40 }).Hits);
        Assert.Equal(37, index.SearchDense(query, new SearchOptions { K = 40 }).Hits.Count);
    }

    [Fact]
    public void The_int8_dense_file_is_about_a_quarter_of_the_float32_one()
    {
        var random = new Random(3);
        var vectors = Enumerable.Range(0, 300).Select(_ => Enumerable.Range(0, 384).Select(_ => (float)random.NextDouble()).ToArray()).ToArray();
        long DenseBytes(DensePrecision precision)
        {
            var folder = _folder.Combine(precision.ToString());
            using (var index = SparseIndex.Open(folder, new IndexOptions { DensePrecision = precision }))
            {
                index.Upsert(vectors.Select((v, i) => Document($"d{i}", v)));
                index.Flush();
            }

            return new FileInfo(Assert.Single(Directory.GetFiles(folder, "*.dns"))).Length;
        }

        var float32 = DenseBytes(DensePrecision.Float32);
        var int8 = DenseBytes(DensePrecision.Int8);
        // Per vector: 384 codes + a 4-byte scale + a 4-byte row against 1,536 bytes + a 4-byte row; headers and padding are under 200 bytes.
        Assert.True(int8 < (0.3 * float32) + 200, $"int8 {int8} bytes, float32 {float32} bytes");
        Assert.True(int8 > 0.25 * float32, $"int8 {int8} bytes, float32 {float32} bytes");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(-1)]
    public void An_unknown_precision_code_in_a_dense_file_is_a_corruption_error_naming_it(long code)
    {
        using (var index = SparseIndex.Open(_folder.Path, new IndexOptions { DensePrecision = DensePrecision.Int8 }))
        {
            index.Upsert(Document("a", [0.5f, -1f, 0.25f]));
            index.Flush();
        }

        var file = Assert.Single(Directory.GetFiles(_folder.Path, "*.dns"));
        var payload = ChecksummedFile.Unwrap(file, File.ReadAllBytes(file), IndexFileKind.Dense).ToArray();
        // The first section is the header i64[2] {dimension, precision}, after its own u64 length.
        Assert.Equal(16UL, BinaryPrimitives.ReadUInt64LittleEndian(payload));
        Assert.Equal((long)DensePrecision.Int8, BinaryPrimitives.ReadInt64LittleEndian(payload.AsSpan(16)));
        BinaryPrimitives.WriteInt64LittleEndian(payload.AsSpan(16), code);
        File.WriteAllBytes(file, ChecksummedFile.Wrap(IndexFileKind.Dense, payload));

        var error = Assert.Throws<IndexCorruptedException>(() => SparseIndex.Open(_folder.Path).Dispose());
        Assert.Equal(Path.GetFileName(file), error.FileName);
        Assert.Contains($"dense precision code {code} is unknown", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_precision_in_the_commit_is_a_corruption_error()
    {
        using (var index = SparseIndex.Open(_folder.Path, new IndexOptions { DensePrecision = DensePrecision.Int8 }))
        {
            index.Upsert(Document("a", [0.5f, -1f, 0.25f]));
            index.Flush();
        }

        var commit = _folder.Combine("commit");
        var json = System.Text.Encoding.UTF8.GetString(ChecksummedFile.Unwrap(commit, File.ReadAllBytes(commit), IndexFileKind.Commit).Span);
        Assert.Contains("\"densePrecision\":\"int8\"", json, StringComparison.Ordinal);
        File.WriteAllBytes(
            commit,
            ChecksummedFile.Wrap(IndexFileKind.Commit, System.Text.Encoding.UTF8.GetBytes(json.Replace("\"int8\"", "\"int4\"", StringComparison.Ordinal))));
        var error = Assert.Throws<IndexCorruptedException>(() => SparseIndex.Open(_folder.Path).Dispose());
        Assert.Equal("commit", error.FileName);
    }

    [Fact]
    public void A_segment_whose_precision_differs_from_the_commit_is_a_corruption_error_naming_its_dense_file()
    {
        using (var index = SparseIndex.Open(_folder.Path))
        {
            index.Upsert(Document("a", [0.5f, -1f, 0.25f]));
            index.Flush();
        }

        var commit = _folder.Combine("commit");
        var json = System.Text.Encoding.UTF8.GetString(ChecksummedFile.Unwrap(commit, File.ReadAllBytes(commit), IndexFileKind.Commit).Span);
        File.WriteAllBytes(
            commit,
            ChecksummedFile.Wrap(IndexFileKind.Commit, System.Text.Encoding.UTF8.GetBytes(json.Replace("\"float32\"", "\"int8\"", StringComparison.Ordinal))));
        var error = Assert.Throws<IndexCorruptedException>(() => SparseIndex.Open(_folder.Path).Dispose());
        Assert.EndsWith(".dns", error.FileName, StringComparison.Ordinal);
        Assert.Contains("stores Float32 dense vectors, but the commit says the index stores Int8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_version_1_float32_dense_file_still_opens()
    {
        float[][] vectors = [[1f, 0f], [0.5f, 0.5f], [0f, 2f]];
        using (var index = SparseIndex.Open(_folder.Path))
        {
            index.Upsert(vectors.Select((v, i) => Document($"d{i}", v)));
            index.Upsert(new IndexDocument("none", new SparseVector([1], [1f])));
            index.Flush();
        }

        // The version 1 layout: the dimension alone, the rows, the float32 values; no precision and no scales.
        var file = Assert.Single(Directory.GetFiles(_folder.Path, "*.dns"));
        OlderFormatFile.Write(file, IndexFileKind.Dense, 1, writer =>
        {
            writer.Write<long>([2]);
            writer.Write<int>([0, 1, 2, -1]);
            writer.Write<float>([.. vectors.SelectMany(v => v)]);
        });

        using var reopened = SparseIndex.Open(_folder.Path);
        Assert.Equal(DensePrecision.Float32, reopened.DensePrecision);
        Assert.Equal(["d2", "d1", "d0"], reopened.SearchDense([0f, 1f]).Hits.Select(h => h.Id));
        Assert.Equal(vectors[1], reopened.Get("d1")!.Dense);
        Assert.Null(reopened.Get("none")!.Dense);
    }

    private static IndexDocument Document(string id, float[] dense) => new(id, new SparseVector([1], [1f])) { Dense = dense };

    private static void AssertSameHits(IReadOnlyList<SearchHit> expected, IReadOnlyList<SearchHit> actual)
        => Assert.Equal(expected.Select(h => (h.Id, h.Score)), actual.Select(h => (h.Id, h.Score)));
}
