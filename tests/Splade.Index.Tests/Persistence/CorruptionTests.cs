using Splade.Core;
using Splade.Index.Segments;
using Splade.Index.Storage;
using Splade.Tests.Shared;

namespace Splade.Index.Tests.Persistence;

public sealed class CorruptionTests : IDisposable
{
    private readonly TempFolder _folder = new("splade-index-tests-");

    public CorruptionTests()
    {
        using var index = SparseIndex.Open(_folder.Path);
        index.Upsert(Enumerable.Range(0, 300).Select(i => new IndexDocument($"d{i}", new SparseVector([(uint)i % 17, 100 + (uint)i], [1f + i, 2f]))
        {
            Text = $"t{i}",
            Metadata = new System.Text.Json.Nodes.JsonObject { ["i"] = i },
            Dense = [i, 1f, 2f],
        }));
        index.Flush();
        index.Delete("d3");
        index.Flush();
        index.Upsert(new IndexDocument("late", new SparseVector([1], [1f])));
    }

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string> FileKinds => new() { "commit", ".pst", ".fwd", ".doc", ".dns", ".liv", "wal.log" };

    [Theory]
    [MemberData(nameof(FileKinds))]
    public void Flipping_any_byte_of_any_file_kind_is_a_typed_error_naming_the_file(string kind)
    {
        var file = FileOf(kind);
        var bytes = File.ReadAllBytes(file);
        foreach (var position in new[] { 0, bytes.Length / 2, bytes.Length - 1 })
        {
            var damaged = (byte[])bytes.Clone();
            damaged[position] ^= 0x5A;
            File.WriteAllBytes(file, damaged);
            var error = Assert.Throws<IndexCorruptedException>(() => SparseIndex.Open(_folder.Path).Dispose());
            Assert.Equal(Path.GetFileName(file), error.FileName);
            Assert.Contains(Path.GetFileName(file), error.Message, StringComparison.Ordinal);
        }

        File.WriteAllBytes(file, bytes);
        using var intact = SparseIndex.Open(_folder.Path);
        Assert.Equal(300, intact.Count);
    }

    [Theory]
    [MemberData(nameof(FileKinds))]
    public void Truncating_any_segment_or_commit_file_is_a_typed_error(string kind)
    {
        if (kind == "wal.log")
        {
            // A shortened log is what a crash mid-append leaves: its torn tail was never acknowledged (see PersistenceTests).
            return;
        }

        var file = FileOf(kind);
        var bytes = File.ReadAllBytes(file);
        foreach (var length in new[] { 0, 10, bytes.Length - 1 })
        {
            File.WriteAllBytes(file, bytes[..length]);
            var error = Assert.Throws<IndexCorruptedException>(() => SparseIndex.Open(_folder.Path).Dispose());
            Assert.Equal(Path.GetFileName(file), error.FileName);
        }
    }

    [Fact]
    public void A_postings_file_whose_weight_tiers_do_not_start_at_code_0_and_increase_is_a_clear_error()
    {
        var file = FileOf(".pst");
        var original = File.ReadAllBytes(file);
        foreach (var tiers in new byte[][] { [5, 64], [0, 64, 64], [] })
        {
            // The tier section follows the counts section (8 bytes of length, 16 of counts) at the payload's start.
            var damaged = (byte[])original.Clone();
            var at = ChecksummedFile.HeaderLength + 24;
            Assert.Equal(PostingsFileBuilder.TierStartCodes.Length, BitConverter.ToInt64(damaged, at));
            var payload = damaged.AsSpan(ChecksummedFile.HeaderLength, damaged.Length - ChecksummedFile.HeaderLength - ChecksummedFile.FooterLength).ToArray();
            var sections = SplitSections(payload);
            sections[1] = tiers;
            OlderFormatFile.Write(file, IndexFileKind.Postings, ChecksummedFile.FormatVersion, writer =>
            {
                foreach (var section in sections)
                {
                    writer.Write<byte>(section);
                }
            });
            var error = Assert.Throws<IndexCorruptedException>(() => SparseIndex.Open(_folder.Path).Dispose());
            Assert.Equal(Path.GetFileName(file), error.FileName);
            Assert.Contains("tiers", error.Message, StringComparison.Ordinal);
        }
    }

    /// <summary>The sections of a payload: each a u64 byte length, the bytes, and padding to a multiple of 8.</summary>
    private static List<byte[]> SplitSections(byte[] payload)
    {
        var sections = new List<byte[]>();
        for (var at = 0; at < payload.Length;)
        {
            var length = (int)BitConverter.ToInt64(payload, at);
            sections.Add(payload.AsSpan(at + 8, length).ToArray());
            at += 8 + ((length + 7) & ~7);
        }

        return sections;
    }

    private string FileOf(string kind)
    {
        var matches = Directory.GetFiles(_folder.Path).Where(f => Path.GetFileName(f).EndsWith(kind, StringComparison.Ordinal)).ToList();
        return Assert.Single(matches);
    }
}
