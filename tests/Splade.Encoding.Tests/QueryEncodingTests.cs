using Splade.Tests.Shared;

namespace Splade.Encoding.Tests;

public sealed class QueryEncodingTests
{
    [Fact]
    public void Binary_bag_weighs_each_distinct_token_once()
    {
        using var encoder = SpladeEncoder.Load(TestPaths.Fixture("tiny-splade-random"), new SpladeEncoderOptions { QueryEncoding = QueryEncoding.BinaryBag });
        var vector = encoder.EncodeQuery("the cat and the hat [MASK]");
        var expected = encoder.Tokenizer.TokenizeToPieceIds("the cat and the hat").Distinct().Select(id => (uint)id).Order().ToArray();
        Assert.Equal(expected, vector.Indices.ToArray());
        Assert.All(vector.Values.ToArray(), weight => Assert.Equal(1f, weight));
    }

    [Fact]
    public void Idf_weights_come_from_the_idf_file_and_unknown_tokens_drop_out()
    {
        var idfPath = Path.Combine(Path.GetTempPath(), $"idf-{Guid.NewGuid():N}.json");
        File.WriteAllText(idfPath, """{"cat": 2.5, "hat": 0.75, "the": 0}""");
        try
        {
            using var encoder = SpladeEncoder.Load(TestPaths.Fixture("tiny-splade-random"), new SpladeEncoderOptions { QueryEncoding = QueryEncoding.Idf, IdfPath = idfPath });
            var vector = encoder.EncodeQuery("The cat, the hat and a dog");
            Assert.True(encoder.Tokenizer.TryGetId("cat", out var cat));
            Assert.True(encoder.Tokenizer.TryGetId("hat", out var hat));
            Assert.Equal(new Dictionary<uint, float> { [(uint)cat] = 2.5f, [(uint)hat] = 0.75f }, vector.ToDictionary());
        }
        finally
        {
            File.Delete(idfPath);
        }
    }

    [Fact]
    public void A_missing_idf_file_is_a_load_error_naming_it()
    {
        var error = Assert.Throws<ModelLoadException>(() => SpladeEncoder.Load(TestPaths.Fixture("tiny-splade-random"), new SpladeEncoderOptions { QueryEncoding = QueryEncoding.Idf }));
        Assert.Contains("idf.json", error.Message);
    }

    [Fact]
    public void Model_query_encoding_equals_document_encoding()
    {
        using var encoder = SpladeEncoder.Load(TestPaths.Fixture("tiny-splade-random"));
        Assert.Equal(encoder.Encode("orangutans climb trees"), encoder.EncodeQuery("orangutans climb trees"));
    }
}
