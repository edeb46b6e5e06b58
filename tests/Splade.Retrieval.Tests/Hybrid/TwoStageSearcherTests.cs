using CsCheck;
using Splade.Index;
using Splade.Retrieval.Hybrid;

namespace Splade.Retrieval.Tests.Hybrid;

public sealed class TwoStageSearcherTests
{
    [Fact]
    public void Two_stage_returns_the_first_stage_top_n_reordered_by_dense_similarity()
    {
        Gen.Select(HybridGen.Documents, HybridGen.Query, Gen.Int[1, 10], Gen.Int[0, 10]).Sample((documents, query, k, extra) =>
        {
            var corpus = HybridGen.Corpus(documents);
            var n = k + extra;
            var firstStage = corpus.SearchSparse(query.Sparse, n, null);

            var hits = new TwoStageSearcher(corpus).Search(query, new TwoStageOptions { FirstStageDepth = n, K = k });

            // Oracle: the first stage's list sorted by dense dot product, ties keeping first-stage order.
            var dense = query.Dense.ToArray();
            var expected = firstStage.Select((d, rank) => (d.Id, Rank: rank, Score: HybridGen.DenseDot(dense, corpus.GetDense(d.Id)!.Value.Span)))
                .OrderByDescending(e => e.Score).ThenBy(e => e.Rank).Take(k).Select(e => e.Id).ToList();
            Assert.Equal(expected, hits.Select(h => h.Id).ToList());
            Assert.All(hits, h => Assert.Equal(firstStage[h.SparseRank - 1].Id, h.Id));
        });
    }

    [Fact]
    public void With_fusion_the_result_is_still_a_reordering_of_the_first_stage()
    {
        Gen.Select(HybridGen.Documents, HybridGen.Query, Gen.Int[1, 10]).Sample((documents, query, n) =>
        {
            var corpus = HybridGen.Corpus(documents);
            var firstStage = corpus.SearchSparse(query.Sparse, n, null).Select(d => d.Id).ToHashSet();
            var options = new TwoStageOptions { FirstStageDepth = n, K = n, Fusion = new FusionOptions { Method = FusionMethod.Convex } };

            var hits = new TwoStageSearcher(corpus).Search(query, options);

            Assert.Equal(firstStage.Count, hits.Count);
            Assert.True(hits.All(h => firstStage.Contains(h.Id)));
        });
    }

    [Fact]
    public void A_first_stage_document_with_a_wrong_size_vector_is_named()
    {
        SearchHit[] firstStage = [new("good", 2), new("bad", 1)];

        var error = Assert.Throws<ArgumentException>(() => TwoStageSearcher.Rerank(
            firstStage,
            [1f, 0f],
            id => id == "good" ? new float[] { 1, 0 } : (ReadOnlyMemory<float>?)new float[] { 1, 0, 0 },
            new TwoStageOptions { FirstStageDepth = 2, K = 2 }));

        Assert.Contains("'bad'", error.Message, StringComparison.Ordinal);
    }
}
