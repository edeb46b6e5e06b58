using System.Numerics.Tensors;
using Splade.Encoding.Dense;

namespace Splade.Models.Dense.Tests;

/// <summary>
/// snowflake-arctic-embed-xs as the model card prescribes: [CLS] pooling, unit length, 512 tokens, and the query prefix
/// "Represent this sentence for searching relevant passages: " on queries only.
/// </summary>
public sealed class ArcticXsEncoderTests(ArcticXsFixture fixture) : IClassFixture<ArcticXsFixture>
{
    private const string QueryPrefix = "Represent this sentence for searching relevant passages: ";
    private readonly DenseEncoder _encoder = fixture.Encoder;

    [Fact]
    public void The_model_is_used_as_its_card_prescribes()
    {
        Assert.Equal("snowflake-arctic-embed-xs", _encoder.ModelName);
        Assert.Equal(384, _encoder.Dimension);
        Assert.Equal(DensePooling.Cls, _encoder.Pooling);
        Assert.Equal(512, _encoder.MaxLength);
        Assert.Equal(QueryPrefix, _encoder.QueryPrefix);
        Assert.Equal("", _encoder.DocumentPrefix);
    }

    /// <summary>
    /// The scores printed in the Usage section of the model card (https://huggingface.co/Snowflake/snowflake-arctic-embed-xs,
    /// computed there with sentence-transformers, queries encoded with prompt_name="query"): published values, not ours.
    /// </summary>
    [Fact]
    public void Query_document_scores_match_the_model_card()
    {
        var queries = _encoder.EncodeQueries(["what is snowflake?", "Where can I get the best tacos?"]);
        var documents = _encoder.Encode(["The Data Cloud!", "Mexico City of Course!"]);

        Assert.Equal(0.57515126f, TensorPrimitives.Dot(queries[0], documents[0]), 4);
        Assert.Equal(0.45798576f, TensorPrimitives.Dot(queries[0], documents[1]), 4);
        Assert.Equal(0.5636022f, TensorPrimitives.Dot(queries[1], documents[1]), 4);
        Assert.Equal(0.5044898f, TensorPrimitives.Dot(queries[1], documents[0]), 4);
    }

    /// <summary>
    /// Every value of eight vectors (queries, documents, accents and punctuation, a text truncated at 512 tokens) against
    /// tests/fixtures/dense-reference/arctic-xs.json, written by training/dense_reference.py from a path that shares no
    /// code with this one: pure-Python WordPiece, a PyTorch BERT, PyTorch [CLS] pooling and normalisation.
    /// </summary>
    [Fact]
    public void Vectors_match_the_independent_PyTorch_reference()
    {
        var reference = ReferenceVectors.Load("arctic-xs");
        Assert.Equal(QueryPrefix, reference.QueryPrefix);

        foreach (var item in reference.Items)
        {
            var vector = item.IsQuery ? _encoder.EncodeQuery(item.Text) : _encoder.Encode(item.Text);
            var tokens = item.IsQuery ? _encoder.CountQueryTokens(item.Text) : _encoder.CountTokens(item.Text);

            Assert.Equal(item.TokenCount, tokens);
            VectorAssert.Close(item.Vector, vector, 2e-4f, item.Text);
        }
    }

    [Fact]
    public void A_query_is_its_prefix_and_text_embedded_as_a_document()
    {
        const string query = "how do glaciers form";

        VectorAssert.Close(_encoder.Encode(QueryPrefix + query), _encoder.EncodeQuery(query), 1e-5f, query);
        Assert.True(TensorPrimitives.Dot(_encoder.Encode(query), _encoder.EncodeQuery(query)) < 0.99f, "the prefix must change the vector");
    }

    [Fact]
    public void Batched_queries_equal_queries_one_at_a_time()
    {
        string[] queries = ["short", "a much longer question about the formation of glaciers in mountain valleys", "", "mid length query"];

        var batched = _encoder.EncodeQueries(queries);

        for (var i = 0; i < queries.Length; i++)
        {
            VectorAssert.Close(_encoder.EncodeQuery(queries[i]), batched[i], 1e-4f, queries[i]);
        }
    }
}
