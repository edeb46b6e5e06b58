using Splade.Core;

namespace Splade.Index.Tests.Persistence;

public sealed class CorruptionTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "splade-index-tests", Guid.NewGuid().ToString("N"));

    public CorruptionTests()
    {
        using var index = SparseIndex.Open(_folder);
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

    public void Dispose() => Directory.Delete(_folder, recursive: true);

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
            var error = Assert.Throws<IndexCorruptedException>(() => SparseIndex.Open(_folder).Dispose());
            Assert.Equal(Path.GetFileName(file), error.FileName);
            Assert.Contains(Path.GetFileName(file), error.Message, StringComparison.Ordinal);
        }

        File.WriteAllBytes(file, bytes);
        using var intact = SparseIndex.Open(_folder);
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
            var error = Assert.Throws<IndexCorruptedException>(() => SparseIndex.Open(_folder).Dispose());
            Assert.Equal(Path.GetFileName(file), error.FileName);
        }
    }

    private string FileOf(string kind)
    {
        var matches = Directory.GetFiles(_folder).Where(f => Path.GetFileName(f).EndsWith(kind, StringComparison.Ordinal)).ToList();
        return Assert.Single(matches);
    }
}
