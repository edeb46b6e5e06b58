using System.Numerics.Tensors;
using Splade.Encoding.Dense;

namespace Splade.Models.Dense.Tests;

public sealed class MiniLmEncoderTests(MiniLmFixture fixture) : IClassFixture<MiniLmFixture>
{
    private readonly DenseEncoder _encoder = fixture.Encoder;

    [Fact]
    public void Embedded_MiniLm_produces_unit_norm_384_dimensional_vectors()
    {
        Assert.Equal("all-MiniLM-L6-v2", _encoder.ModelName);
        Assert.Equal(384, _encoder.Dimension);
        Assert.Equal(DensePooling.Mean, _encoder.Pooling);
        Assert.Equal(256, _encoder.MaxLength);
        Assert.Equal("", _encoder.QueryPrefix);
        Assert.Equal("", _encoder.DocumentPrefix);

        var vector = _encoder.Encode("The quick brown fox jumps over the lazy dog.");

        Assert.Equal(384, vector.Length);
        Assert.All(vector, v => Assert.True(float.IsFinite(v)));
        Assert.Equal(1f, TensorPrimitives.Norm(vector), 4);
    }

    [Fact]
    public void A_paraphrase_pair_is_closer_than_an_unrelated_pair()
    {
        var vectors = _encoder.Encode([
            "How do I reset my password?",
            "What are the steps to change my login password?",
            "The recipe needs two cups of flour and an egg.",
        ]);

        var paraphrase = TensorPrimitives.Dot(vectors[0], vectors[1]);
        var unrelated = TensorPrimitives.Dot(vectors[0], vectors[2]);

        Assert.True(paraphrase > unrelated, $"paraphrase {paraphrase} should exceed unrelated {unrelated}");
    }

    /// <summary>
    /// The similarity matrix printed in the sentence-transformers README and the all-MiniLM-L6-v2 model card for these
    /// three sentences (computed there by the Python reference implementation): 0.6660, 0.1046, 0.1411.
    /// </summary>
    [Fact]
    public void Similarities_match_the_published_reference_for_all_MiniLM_L6_v2()
    {
        var v = _encoder.Encode(["The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium."]);

        Assert.Equal(0.6660f, TensorPrimitives.Dot(v[0], v[1]), 3);
        Assert.Equal(0.1046f, TensorPrimitives.Dot(v[0], v[2]), 3);
        Assert.Equal(0.1411f, TensorPrimitives.Dot(v[1], v[2]), 3);
    }

    /// <summary>
    /// Every value of eight vectors against tests/fixtures/dense-reference/minilm.json (training/dense_reference.py:
    /// pure-Python WordPiece, a PyTorch BERT, PyTorch mean pooling; no code shared with this path), including a text
    /// truncated at 256 tokens.
    /// </summary>
    [Fact]
    public void Vectors_match_the_independent_PyTorch_reference()
    {
        var reference = ReferenceVectors.Load("minilm");

        foreach (var item in reference.Items)
        {
            var vector = item.IsQuery ? _encoder.EncodeQuery(item.Text) : _encoder.Encode(item.Text);

            Assert.Equal(item.TokenCount, _encoder.CountTokens(item.Text));
            VectorAssert.Close(item.Vector, vector, 2e-4f, item.Text);
        }
    }

    [Fact]
    public void Batched_padded_encoding_matches_one_text_at_a_time()
    {
        string[] texts =
        [
            "short",
            "a somewhat longer sentence about information retrieval and ranking",
            "",
            "medium length text here",
            "the longest text of the batch, which makes every other text in its batch carry padding tokens that the mask must hide",
        ];

        var batched = _encoder.Encode(texts);

        for (var i = 0; i < texts.Length; i++)
        {
            var single = _encoder.Encode(texts[i]);
            for (var d = 0; d < single.Length; d++)
            {
                Assert.True(Math.Abs(single[d] - batched[i][d]) < 1e-4f, $"text {i}, dimension {d}: {single[d]} vs {batched[i][d]}");
            }
        }
    }

    [Fact]
    public void Concurrent_calls_give_the_same_vectors_as_sequential_ones()
    {
        string[] texts = ["alpha beta", "gamma delta epsilon", "zeta", "eta theta iota kappa"];
        var expected = texts.Select(_encoder.Encode).ToArray();

        var actual = new float[texts.Length][];
        Parallel.For(0, texts.Length, i => actual[i] = _encoder.Encode(texts[i]));

        for (var i = 0; i < texts.Length; i++)
        {
            Assert.Equal(expected[i], actual[i]);
        }
    }

    [Fact]
    public void Texts_longer_than_the_limit_are_truncated_not_rejected()
    {
        var longText = string.Join(' ', Enumerable.Repeat("retrieval", 2000));

        var vector = _encoder.Encode(longText);

        Assert.Equal(1f, TensorPrimitives.Norm(vector), 4);
    }
}
