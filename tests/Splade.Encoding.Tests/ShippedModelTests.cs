using System.Text.Json;
using Splade.Models;
using Splade.Tests.Shared;

namespace Splade.Encoding.Tests;

/// <summary>The SPLADE model that ships inside Splade.Models: unpacking, its vectors against the trainer's PyTorch ones, and its
/// special-token policy.</summary>
public sealed class ShippedModelTests : IDisposable
{
    private readonly TempFolder _cache = new("splade-shipped-");

    public void Dispose() => _cache.Dispose();

    [Fact]
    public void The_shipped_model_reproduces_the_vectors_pytorch_computed_when_it_was_exported()
    {
        using var check = JsonDocument.Parse(File.ReadAllText(TestPaths.Fixture("splade-minilm-l6", "check.json")));
        // PyTorch's vectors were computed with the special tokens kept; the folder's zeroing of them is checked below.
        using var encoder = SpladeEncoder.Load(ShippedSpladeModel.Unpack(_cache.Path), new SpladeEncoderOptions { SpecialTokens = SpecialTokenPolicy.Keep });
        var texts = check.RootElement.GetProperty("texts").EnumerateArray().Select(t => t.GetString()!).ToArray();
        var vectors = encoder.EncodeBatch(texts);
        var items = check.RootElement.GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(texts.Length, items.Length);
        for (var i = 0; i < texts.Length; i++)
        {
            var expectedIds = items[i].GetProperty("input_ids").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            Assert.Equal(expectedIds, encoder.Tokenizer.Tokenize(texts[i], encoder.MaxLength).Ids.ToArray());
            var indices = items[i].GetProperty("max").GetProperty("indices").EnumerateArray().Select(e => e.GetUInt32()).ToArray();
            var values = items[i].GetProperty("max").GetProperty("values").EnumerateArray().Select(e => e.GetSingle()).ToArray();
            Assert.Equal(indices, vectors[i].Indices.ToArray());
            for (var j = 0; j < values.Length; j++)
            {
                Assert.True(Math.Abs(values[j] - vectors[i].Values[j]) < 1e-4f, $"text {i}, term {indices[j]}: {vectors[i].Values[j]} vs PyTorch {values[j]}");
            }
        }
    }

    [Fact]
    public void The_shipped_model_keeps_a_text_s_own_terms_and_stays_sparse()
    {
        using var encoder = SpladeEncoder.LoadDefault();
        var vector = encoder.Encode("What is the effect of magnesium on blood pressure?");
        var terms = vector.ToReadable(index => encoder.Tokenizer.IdToToken((int)index), 40).Select(t => t.Term).ToList();
        Assert.Contains("magnesium", terms);
        Assert.Contains("pressure", terms);
        Assert.InRange(vector.Count, 5, 250);
    }

    [Fact]
    public void The_shipped_model_s_vectors_carry_no_special_token_and_keep_every_other_term()
    {
        string[] texts =
        [
            "What is the effect of magnesium on blood pressure?",
            "The orangutan is a great ape native to the rainforests of Indonesia and Malaysia.",
            "",
            "[CLS] [SEP] [MASK] [PAD] [UNK]",
        ];
        var folder = ShippedSpladeModel.Unpack(_cache.Path);
        using var shipped = SpladeEncoder.Load(folder);
        using var kept = SpladeEncoder.Load(folder, new SpladeEncoderOptions { SpecialTokens = SpecialTokenPolicy.Keep });
        Assert.Equal(SpecialTokenPolicy.ZeroVocabularyEntries, shipped.Options.SpecialTokens);
        var special = shipped.Tokenizer.SpecialTokenIds.ToArray().Select(id => (uint)id).ToHashSet();
        Assert.Contains((uint)shipped.Tokenizer.ClsId, special);
        var vectors = shipped.EncodeBatch(texts);
        var references = kept.EncodeBatch(texts);
        Assert.Contains(references, reference => reference.Indices.ToArray().Any(special.Contains));
        for (var i = 0; i < texts.Length; i++)
        {
            Assert.DoesNotContain(vectors[i].Indices.ToArray(), special.Contains);
            var expected = references[i].ToDictionary().Where(term => !special.Contains(term.Key)).ToDictionary();
            Assert.Equal(expected, vectors[i].ToDictionary());
            Assert.DoesNotContain(shipped.EncodeQuery(texts[i]).Indices.ToArray(), special.Contains);
        }
    }

    [Fact]
    public void Unpacking_reuses_an_intact_folder_and_repairs_a_damaged_one()
    {
        var folder = ShippedSpladeModel.Unpack(_cache.Path);
        var onnx = Path.Combine(folder, "onnx", "model.onnx");
        var length = new FileInfo(onnx).Length;
        var written = File.GetLastWriteTimeUtc(onnx);

        Assert.Equal(folder, ShippedSpladeModel.Unpack(_cache.Path));
        Assert.Equal(written, File.GetLastWriteTimeUtc(onnx));
        Assert.Single(Directory.GetDirectories(_cache.Path));

        using (var truncate = new FileStream(onnx, FileMode.Open))
        {
            truncate.SetLength(length / 2);
        }

        Assert.Equal(folder, ShippedSpladeModel.Unpack(_cache.Path));
        Assert.Equal(length, new FileInfo(onnx).Length);

        File.Delete(Path.Combine(folder, "vocab.txt"));
        Assert.Equal(folder, ShippedSpladeModel.Unpack(_cache.Path));
        Assert.True(File.Exists(Path.Combine(folder, "vocab.txt")));
        Assert.Single(Directory.GetDirectories(_cache.Path));
    }

    [Fact]
    public void Concurrent_first_uses_all_get_one_complete_folder()
    {
        var folders = new string[4];
        Parallel.For(0, folders.Length, i => folders[i] = ShippedSpladeModel.Unpack(_cache.Path));
        Assert.All(folders, f => Assert.Equal(folders[0], f));
        Assert.Single(Directory.GetDirectories(_cache.Path));
        using var encoder = SpladeEncoder.Load(folders[0]);
        Assert.Equal(30522, encoder.VocabularySize);
    }
}
