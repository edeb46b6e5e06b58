using System.Text.Json.Nodes;
using Splade.Core;
using Splade.Index.Approximate;
using Splade.Index.Filters;
using Splade.Index.Segments;
using Splade.Index.Storage;
using Splade.Index.Tests.Approximate;
using Splade.Tests.Shared;

namespace Splade.Index.Tests.Persistence;

/// <summary>Segments written by older format versions still open, search exactly, read back and merge.</summary>
public sealed class LegacyFormatTests : IDisposable
{
    private static readonly SearchAlgorithm[] Exact = [SearchAlgorithm.TermAtATime, SearchAlgorithm.MaxScore, SearchAlgorithm.BruteForce];
    private readonly TempFolder _folder = new("splade-index-tests-");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_version_2_segment_with_float32_postings_and_u32_terms_is_searched_and_merged()
    {
        var documents = Documents(40);
        var postings = FlushOneSegment(documents);
        var terms = postings.Select(p => p.term).Distinct().ToArray();

        // The version 2 layout: postings as term starts, i32 ordinals and f32 weights; forward term indices as u32.
        Rewrite("*.pst", IndexFileKind.Postings, 2, writer =>
        {
            writer.Write<long>([documents.Count, terms.Length]);
            writer.Write<uint>(terms);
            writer.Write<long>([0, .. terms.Select(t => (long)postings.Count(p => p.term <= t))]);
            writer.Write<float>([.. terms.Select(t => postings.Where(p => p.term == t).Max(p => p.weight))]);
            writer.Write<float>([.. terms.Select(t => postings.Where(p => p.term == t).Min(p => p.weight))]);
            writer.Write<int>([.. postings.Select(p => p.ordinal)]);
            writer.Write<float>([.. postings.Select(p => p.weight)]);
        });
        RewriteWideForward(documents, version: 2);

        var query = new SparseVector([1, 3, 6], [1f, 0.5f, 0.25f]);
        var expected = new ReferenceCollection(documents).TopK(query, 7);
        using var reopened = SparseIndex.Open(_folder.Path, new IndexOptions { BackgroundMerge = false });
        foreach (var algorithm in Exact)
        {
            Assert.Equal(expected, reopened.Search(query, new SearchOptions { K = 7, Algorithm = algorithm }).Hits.Select(h => (h.Id, h.Score)).ToList());
        }

        Assert.Equal(documents[5].Vector.Indices.ToArray(), reopened.Get("v5")!.Vector.Indices.ToArray());
        reopened.Upsert(new IndexDocument("extra", new SparseVector([70_000], [1f])));
        reopened.Flush();
        reopened.Merge();
        Assert.Equal(expected, reopened.Search(query, new SearchOptions { K = 7 }).Hits.Select(h => (h.Id, h.Score)).ToList());
        Assert.Equal(documents[5].Vector.Values.ToArray(), reopened.Get("v5")!.Vector.Values.ToArray());
    }

    [Fact]
    public void A_version_4_segment_without_weight_tiers_is_searched_and_merged()
    {
        var documents = Documents(60);
        var postings = FlushOneSegment(documents);
        var terms = postings.Select(p => p.term).Distinct().ToArray();

        // The version 4 layout: no tier section, and one list per term: term starts per chunk (one chunk here), u16 ordinals and
        // 8-bit codes in ordinal order.
        var max = terms.ToDictionary(t => t, t => postings.Where(p => p.term == t).Max(p => p.weight));
        var min = terms.ToDictionary(t => t, t => postings.Where(p => p.term == t).Min(p => p.weight));
        Rewrite("*.pst", IndexFileKind.Postings, 4, writer =>
        {
            writer.Write<long>([documents.Count, terms.Length]);
            writer.Write<uint>(terms);
            writer.Write<long>([0, .. terms.Select(t => (long)postings.Count(p => p.term <= t))]);
            writer.Write<float>([.. terms.Select(t => max[t])]);
            writer.Write<float>([.. terms.Select(t => min[t])]);
            writer.Write<ushort>([.. postings.Select(p => (ushort)p.ordinal)]);
            writer.Write<byte>([.. postings.Select(p => PostingImpacts.Encode(p.weight, min[p.term], PostingImpacts.Step(min[p.term], max[p.term])))]);
        });

        var query = new SparseVector([1, 3, 6, 12], [1f, 0.5f, 0.25f, 2f]);
        var expected = new ReferenceCollection(documents).TopK(query, 9);
        using var reopened = SparseIndex.Open(_folder.Path, new IndexOptions { BackgroundMerge = false });
        foreach (var algorithm in Exact)
        {
            Assert.Equal(expected, reopened.Search(query, new SearchOptions { K = 9, Algorithm = algorithm }).Hits.Select(h => (h.Id, h.Score)).ToList());
        }

        reopened.Upsert(new IndexDocument("extra", new SparseVector([3], [0.01f])));
        reopened.Flush();
        reopened.Merge();
        Assert.Equal(expected, reopened.Search(query, new SearchOptions { K = 9 }).Hits.Select(h => (h.Id, h.Score)).ToList());
    }

    [Fact]
    public void A_version_3_segment_with_u32_terms_keeps_its_approximate_index()
    {
        var documents = Documents(300);
        var options = new IndexOptions { Approximate = ApproximateIndexOptions.Lossless, BackgroundMerge = false };
        using (var index = SparseIndex.Open(_folder.Path, options))
        {
            index.Upsert(documents);
            index.Flush();
        }

        RewriteWideForward(documents, version: 3);
        var query = new SparseVector([1, 3, 6], [1f, 0.5f, 0.25f]);
        using var reopened = SparseIndex.Open(_folder.Path);
        var results = reopened.Search(query, new SearchOptions { K = 5 });
        Assert.Equal(SearchAlgorithm.Approximate, results.Algorithm);
        Assert.Equal(new ReferenceCollection(documents).TopK(query, 5), results.Hits.Select(h => (h.Id, h.Score)).ToList());
    }

    [Fact]
    public void An_approximate_file_of_version_5_holding_the_older_stream_is_converted_and_searched()
    {
        var documents = Documents(300);
        var options = new IndexOptions { Approximate = ApproximateIndexOptions.Lossless, BackgroundMerge = false };
        using (var index = SparseIndex.Open(_folder.Path, options))
        {
            index.Upsert(documents);
            index.Flush();
        }

        // The same approximate index as the older stream (its version 2) inside a format version 5 envelope, as indexes stored it.
        var path = Assert.Single(Directory.GetFiles(_folder.Path, "*.apx"));
        var id = int.Parse(Path.GetFileNameWithoutExtension(path)["seg_".Length..], System.Globalization.CultureInfo.InvariantCulture);
        byte[] older;
        using (var segment = Segment.Open(new FileSystemDirectory(_folder.Path), id, approximate: true))
        {
            older = OlderFormatFile.Wrap(IndexFileKind.Approximate, 5, OlderApproximateStream.Write(segment.Approximate!, streamVersion: 2));
        }

        File.WriteAllBytes(path, older);
        var query = new SparseVector([1, 3, 6], [1f, 0.5f, 0.25f]);
        using var reopened = SparseIndex.Open(_folder.Path);
        var results = reopened.Search(query, new SearchOptions { K = 5 });
        Assert.Equal(SearchAlgorithm.Approximate, results.Algorithm);
        Assert.Equal(new ReferenceCollection(documents).TopK(query, 5), results.Hits.Select(h => (h.Id, h.Score)).ToList());
    }

    [Fact]
    public void A_version_6_documents_file_without_typed_metadata_is_filtered_read_back_and_merged()
    {
        var documents = Documents(60)
            .Select((d, i) => new IndexDocument(d.Id, d.Vector)
            {
                Metadata = i % 7 == 0 ? null : new JsonObject { ["bucket"] = i % 3, ["tags"] = new JsonArray($"t{i % 2}", "all") },
                Text = $"text {i}",
            })
            .ToList();
        FlushOneSegment(documents);

        // The version 6 layout: the eight sections up to the text, the metadata as JSON alone (no typed sections).
        var path = Assert.Single(Directory.GetFiles(_folder.Path, "*.doc"));
        var current = SegmentFormat.ReadDocuments(new ArrayFileData(Path.GetFileName(path), File.ReadAllBytes(path)));
        Assert.NotNull(current.Typed);
        Rewrite("*.doc", IndexFileKind.Documents, 6, writer =>
        {
            foreach (var section in new[]
            {
                current.Sequences, current.Flags, current.IdStarts, current.IdBytes, current.MetadataStarts, current.MetadataBytes,
                current.TextStarts, current.TextBytes,
            })
            {
                writer.Write(section.Span);
            }
        });

        var query = new SparseVector([1, 3, 6, 12], [1f, 0.5f, 0.25f, 2f]);
        MetadataFilter[] filters =
            [MetadataFilter.Equal("bucket", JsonValue.Create(1)), MetadataFilter.Equal("tags", JsonValue.Create("t0")), MetadataFilter.IsEmpty("bucket")];
        var reference = new ReferenceCollection(documents);
        using var reopened = SparseIndex.Open(_folder.Path, new IndexOptions { BackgroundMerge = false });
        foreach (var filter in filters)
        {
            foreach (var algorithm in Exact)
            {
                var options = new SearchOptions { K = 8, Algorithm = algorithm, Filter = filter };
                Assert.Equal(reference.TopK(query, 8, filter), reopened.Search(query, options).Hits.Select(h => (h.Id, h.Score)).ToList());
            }
        }

        Assert.Equal(documents[5].Metadata!.ToJsonString(), reopened.Get("v5")!.Metadata!.ToJsonString());
        Assert.Null(reopened.Get("v7")!.Metadata);
        Assert.Equal("text 5", reopened.Get("v5")!.Text);
        reopened.Upsert(new IndexDocument("extra", new SparseVector([70_000], [1f])) { Metadata = new JsonObject { ["bucket"] = 1 } });
        reopened.Flush();
        reopened.Merge();
        foreach (var filter in filters)
        {
            var options = new SearchOptions { K = 8, Filter = filter };
            Assert.Equal(reference.TopK(query, 8, filter), reopened.Search(query, options).Hits.Select(h => (h.Id, h.Score)).ToList());
        }
    }

    [Fact]
    public void Terms_beyond_65535_keep_u32_forward_indices_and_merge_with_u16_segments()
    {
        var narrow = Documents(30);
        var wide = Enumerable.Range(0, 30)
            .Select(i => new IndexDocument($"w{i}", new SparseVector([1, (uint)(65_530 + i), (uint)(100_000 + i)], [0.5f + i, 1f, 2f])))
            .ToList();
        var query = new SparseVector([1, 65_535, 100_007], [1f, 2f, 0.5f]);
        using var index = SparseIndex.Open(_folder.Path, new IndexOptions { BackgroundMerge = false });
        index.Upsert(narrow);
        index.Flush();
        index.Upsert(wide);
        index.Flush();
        List<IndexDocument> all = [.. narrow, .. wide];
        var expected = new ReferenceCollection(all).TopK(query, 9);
        foreach (var algorithm in Exact)
        {
            Assert.Equal(expected, index.Search(query, new SearchOptions { K = 9, Algorithm = algorithm }).Hits.Select(h => (h.Id, h.Score)).ToList());
        }

        index.Merge();
        Assert.Equal(expected, index.Search(query, new SearchOptions { K = 9 }).Hits.Select(h => (h.Id, h.Score)).ToList());
        Assert.Equal(wide[7].Vector.Indices.ToArray(), index.Get("w7")!.Vector.Indices.ToArray());
        Assert.Equal(narrow[7].Vector.Indices.ToArray(), index.Get("v7")!.Vector.Indices.ToArray());
    }

    private static List<IndexDocument> Documents(int count) => Enumerable.Range(0, count)
        .Select(
            i => new IndexDocument(
                $"v{i}",
                new SparseVector([(uint)(i % 5), (uint)(5 + (i % 3)), (uint)(10 + (i % 7))], [0.5f + (i * 0.01f), 1f + (i % 4), 0.25f * (1 + (i % 5))])))
        .ToList();

    /// <summary>Writes <paramref name="documents"/> as one segment and returns its postings by term, then ordinal: what an older
    /// format's Postings file lists.</summary>
    private List<(uint term, int ordinal, float weight)> FlushOneSegment(List<IndexDocument> documents)
    {
        using (var index = SparseIndex.Open(_folder.Path))
        {
            index.Upsert(documents);
            index.Flush();
        }

        return documents.SelectMany((d, ordinal) => d.Vector.Indices.ToArray().Zip(d.Vector.Values.ToArray(), (term, weight) => (term, ordinal, weight)))
            .OrderBy(p => p.term).ThenBy(p => p.ordinal).ToList();
    }

    /// <summary>Writes the single segment's forward file as versions before 4 did: term indices as u32.</summary>
    private void RewriteWideForward(List<IndexDocument> documents, ushort version)
        => Rewrite("*.fwd", IndexFileKind.Forward, version, writer =>
        {
            var starts = new long[documents.Count + 1];
            for (var i = 0; i < documents.Count; i++)
            {
                starts[i + 1] = starts[i] + documents[i].Vector.Count;
            }

            writer.Write<long>(starts);
            writer.Write<uint>([.. documents.SelectMany(d => d.Vector.Indices.ToArray())]);
            writer.Write<float>([.. documents.SelectMany(d => d.Vector.Values.ToArray())]);
        });

    private void Rewrite(string pattern, IndexFileKind kind, ushort version, Action<FileSectionWriter> write)
        => OlderFormatFile.Write(Assert.Single(Directory.GetFiles(_folder.Path, pattern)), kind, version, write);
}
