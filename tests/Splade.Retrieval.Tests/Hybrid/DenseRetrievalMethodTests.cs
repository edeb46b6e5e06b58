using Splade.Encoding.Dense;
using Splade.Models.Dense;
using Splade.Retrieval.Evaluation;
using Splade.Retrieval.Hybrid;
using Splade.Retrieval.Lexical;
using Splade.Tests.Shared;

namespace Splade.Retrieval.Tests.Hybrid;

/// <summary>The evaluation methods and the embedding cache on a six-document corpus (a few MiniLM encodes only).</summary>
public sealed class DenseRetrievalMethodTests : IDisposable
{
    private static readonly CorpusDocument[] Documents =
    [
        new("cat", "Cats", "The cat sat on the mat and purred."),
        new("stock", "Markets", "Stock prices fell sharply after the central bank raised interest rates."),
        new("heart", "", "Cardiac arrest requires immediate resuscitation and defibrillation."),
        new("rain", "Weather", "Heavy rain and strong winds are expected along the coast tomorrow."),
        new("code", "", "The compiler reported a type error in the generic method."),
        new("tennis", "Sport", "She won the tennis final in straight sets."),
    ];

    private readonly TempFolder _cache = new("splade-dense-cache-");

    public void Dispose() => _cache.Dispose();

    [Fact]
    public void Dense_retrieval_finds_the_paraphrased_document_first()
    {
        using var method = new DenseRetrievalMethod(DenseModels.Load("minilm"));
        method.Index(Documents);

        var hits = method.Search("heart attack emergency treatment", 3);

        Assert.Equal("heart", hits[0].Id);
        Assert.True(hits[0].Score > hits[1].Score);
    }

    [Fact]
    public void The_cache_returns_the_same_embeddings_and_keys_on_the_texts()
    {
        using var encoder = DenseModels.Load("minilm");
        var cache = new DenseEmbeddingCache(_cache.Path);
        string[] ids = ["a", "b"];

        var first = cache.GetOrEncode(encoder, ids, ["first text", "second text"]);
        var file = Assert.Single(Directory.GetFiles(_cache.Path));
        var again = cache.GetOrEncode(encoder, ids, ["first text", "second text"]);
        var changed = cache.GetOrEncode(encoder, ids, ["first text", "another text"]);

        Assert.Equal(first, again);
        Assert.Equal(2, Directory.GetFiles(_cache.Path).Length);
        Assert.Equal(first.AsSpan(0, encoder.Dimension).ToArray(), changed.AsSpan(0, encoder.Dimension).ToArray());
        Assert.NotEqual(first.AsSpan(encoder.Dimension).ToArray(), changed.AsSpan(encoder.Dimension).ToArray());

        File.WriteAllBytes(file, [1, 2, 3]);
        Assert.Equal(first, cache.GetOrEncode(encoder, ids, ["first text", "second text"]));
        Assert.Equal(8 + 8 + (2 * encoder.Dimension * sizeof(float)), new FileInfo(file).Length);
    }

    [Fact]
    public void Two_stage_returns_a_reordering_of_the_bm25_top_n()
    {
        using var bm25 = new LexicalRetriever();
        bm25.Index(Documents);
        var firstStage = bm25.Search("the cat and the rain", 100).Select(h => h.Id).ToHashSet();
        using var method = new TwoStageRetrievalMethod(
            new LexicalRetriever(), new DenseRetrievalMethod(DenseModels.Load("minilm")), new TwoStageOptions { FirstStageDepth = 100 });
        method.Index(Documents);

        var hits = method.Search("the cat and the rain", 100);

        Assert.Equal(firstStage.Order(), hits.Select(h => h.Id).Order());
    }

    [Fact]
    public void Hybrid_retrieval_returns_documents_from_both_sides()
    {
        using var method = new HybridRetrievalMethod(
            new LexicalRetriever(), new DenseRetrievalMethod(DenseModels.Load("minilm")), new FusionOptions { CandidateDepth = 10 });
        method.Index(Documents);

        var hits = method.Search("heart attack emergency treatment", 6);

        Assert.Equal(6, hits.Count);
        Assert.Equal("heart", hits[0].Id);
        Assert.StartsWith("hybrid-rrf(bm25/", method.Name, StringComparison.Ordinal);
    }
}
