using Splade.Core;
using Splade.Encoding.Tests.Support;
using Splade.Tests.Shared;

namespace Splade.Encoding.Tests;

/// <summary>The text-level encoder against the reference vectors, and its options.</summary>
public sealed class SpladeEncoderTests
{
    private const float Tolerance = 1e-5f;

    private static SpladeEncoder Load(string model = TestModels.Bert, SpladeEncoderOptions? options = null)
        => SpladeEncoder.Load(TestPaths.Fixture(model), options);

    [Theory]
    [InlineData(TestModels.Bert, SpladePooling.Max)]
    [InlineData(TestModels.Bert, SpladePooling.Sum)]
    [InlineData(TestModels.DistilBert, SpladePooling.Max)]
    public void Texts_give_the_reference_token_ids_and_vectors(string model, SpladePooling pooling)
    {
        using var encoder = Load(model, new SpladeEncoderOptions { Pooling = pooling });
        var items = ReferenceVectors.Items(model);
        var vectors = encoder.EncodeBatch(items.Select(item => item.Text).ToArray());
        for (var i = 0; i < items.Count; i++)
        {
            Assert.Equal(items[i].InputIds, encoder.Tokenizer.Tokenize(items[i].Text, encoder.MaxLength).Ids.ToArray());
            var expected = pooling == SpladePooling.Max ? items[i].Max : items[i].Sum!;
            VectorAssert.Close(expected, vectors[i], Tolerance, $"{model} {pooling} text {i}");
            VectorAssert.Close(vectors[i], encoder.Encode(items[i].Text), Tolerance, $"{model} single text {i}");
        }
    }

    [Theory]
    [InlineData("cosine")]
    [InlineData("dot")]
    public void Seed_similarity_matrix_matches_the_reference(string metric)
    {
        using var encoder = Load();
        var expected = ReferenceVectors.SeedSimilarity(TestModels.Bert, metric);
        var vectors = encoder.EncodeBatch(ReferenceVectors.Items(TestModels.Bert).Take(3).Select(item => item.Text).ToArray());
        for (var row = 0; row < 3; row++)
        {
            for (var column = 0; column < 3; column++)
            {
                var actual = metric == "cosine" ? vectors[row].Cosine(vectors[column]) : vectors[row].Dot(vectors[column]);
                Assert.True(Math.Abs(expected[row][column] - actual) <= 1e-4, $"{metric}[{row},{column}] = {actual}, expected {expected[row][column]}");
            }
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n")]
    public void Empty_or_blank_text_gives_the_vector_of_cls_sep(string text)
    {
        using var encoder = Load();
        var reference = ReferenceVectors.Items(TestModels.Bert).Single(item => item.Text.Length == 0);
        Assert.Equal([101, 102], reference.InputIds);
        VectorAssert.Close(reference.Max, encoder.Encode(text), Tolerance, "empty text");
    }

    [Fact]
    public void Top_k_and_minimum_weight_prune_the_reference_vector()
    {
        var reference = ReferenceVectors.Items(TestModels.Bert)[0];
        using var topK = Load(options: new SpladeEncoderOptions { TopK = 10 });
        VectorAssert.Close(reference.Max.TopK(10), topK.Encode(reference.Text), Tolerance, "top 10");
        var threshold = reference.Max.Values[reference.Max.Count / 2];
        using var pruned = Load(options: new SpladeEncoderOptions { MinimumWeight = threshold + 1e-4f });
        VectorAssert.Close(reference.Max.Prune(threshold + 1e-4f), pruned.Encode(reference.Text), Tolerance, "pruned");
    }

    [Fact]
    public void Zeroing_special_entries_removes_exactly_the_special_terms()
    {
        var reference = ReferenceVectors.Items(TestModels.Bert)[0];
        using var encoder = Load(options: new SpladeEncoderOptions { SpecialTokens = SpecialTokenPolicy.ZeroVocabularyEntries });
        var expected = reference.Max.ToDictionary();
        foreach (var id in TestModels.SpecialIds)
        {
            expected.Remove((uint)id);
        }

        VectorAssert.Close(SparseVector.FromDictionary(expected, 30522), encoder.Encode(reference.Text), Tolerance, "zeroed specials");
    }

    [Theory]
    [InlineData(SpladePooling.Max)]
    [InlineData(SpladePooling.Sum)]
    public void Excluding_special_positions_pools_only_the_word_pieces(SpladePooling pooling)
    {
        using var encoder = Load(options: new SpladeEncoderOptions { SpecialTokens = SpecialTokenPolicy.ExcludePositions, Pooling = pooling });
        Assert.Equal(0, encoder.Encode("").Count);
        var text = ReferenceVectors.Items(TestModels.Bert)[0].Text;
        using var keep = Load(options: new SpladeEncoderOptions { Pooling = pooling });
        var all = keep.Encode(text);
        var excluded = encoder.Encode(text);
        Assert.True(excluded.Count > 0);
        foreach (var index in excluded.Indices)
        {
            Assert.True(excluded[index] <= all[index] + Tolerance, $"term {index}: pooling fewer positions cannot raise a weight");
        }
    }

    [Theory]
    [InlineData(SpladePooling.Max)]
    [InlineData(SpladePooling.Sum)]
    public void Sliding_windows_pool_every_window_of_a_long_text(SpladePooling pooling)
    {
        const int maxLength = 64;
        const int stride = 40;
        var text = ReferenceVectors.Items(TestModels.Bert)[^1].Text;
        using var encoder = Load(
            options: new SpladeEncoderOptions
            {
                Pooling = pooling,
                MaxLength = maxLength,
                LongDocuments = LongDocumentMode.SlidingWindow,
                Stride = stride,
                MaxWindows = 1000,
            });
        var pieces = encoder.Tokenizer.TokenizeToPieceIds(text);
        Assert.True(pieces.Length > 3 * maxLength);

        using var model = TestModels.LoadModel(TestModels.Bert, new SpladeEncoderOptions { Pooling = pooling });
        var expected = new Dictionary<uint, float>();
        for (var start = 0; ; start += stride)
        {
            var length = Math.Min(maxLength - 2, pieces.Length - start);
            int[] window = [101, .. pieces.AsSpan(start, length), 102];
            var vector = model.EncodeIds(window);
            for (var i = 0; i < vector.Count; i++)
            {
                var previous = expected.GetValueOrDefault(vector.Indices[i]);
                expected[vector.Indices[i]] = pooling == SpladePooling.Max ? Math.Max(previous, vector.Values[i]) : previous + vector.Values[i];
            }

            if (start + length >= pieces.Length)
            {
                break;
            }
        }

        VectorAssert.Close(SparseVector.FromDictionary(expected, 30522), encoder.Encode(text), 1e-4f, "sliding windows");
    }

    [Fact]
    public void Batch_results_come_back_in_input_order_whatever_the_lengths()
    {
        using var encoder = Load(options: new SpladeEncoderOptions { BatchSize = 3 });
        var texts = ReferenceVectors.Items(TestModels.Bert).Select(item => item.Text).Reverse().ToArray();
        var batched = encoder.EncodeBatch(texts);
        for (var i = 0; i < texts.Length; i++)
        {
            VectorAssert.Close(encoder.Encode(texts[i]), batched[i], Tolerance, $"text {i}");
        }
    }

    [Fact]
    public void Concurrent_callers_get_the_same_vectors_as_one_caller()
    {
        using var encoder = Load(options: new SpladeEncoderOptions { BatchSize = 4 });
        var texts = ReferenceVectors.Items(TestModels.Bert).Select(item => item.Text).ToArray();
        var expected = encoder.EncodeBatch(texts);
        var results = new IReadOnlyList<SparseVector>[4];
        Parallel.For(0, results.Length, i => results[i] = encoder.EncodeBatch(texts));
        foreach (var result in results)
        {
            for (var i = 0; i < texts.Length; i++)
            {
                VectorAssert.Close(expected[i], result[i], Tolerance, $"text {i}");
            }
        }
    }
}
