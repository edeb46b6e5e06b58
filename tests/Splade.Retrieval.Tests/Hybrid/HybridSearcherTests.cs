using CsCheck;
using Splade.Core;
using Splade.Retrieval.Hybrid;

namespace Splade.Retrieval.Tests.Hybrid;

public sealed class HybridSearcherTests
{
    [Fact]
    public void Alpha_search_over_the_whole_corpus_equals_the_brute_force_weighted_sum()
    {
        Gen.Select(HybridGen.Documents, HybridGen.Query, Gen.Int[0, 4].Select(i => i / 4.0)).Sample((documents, query, alpha) =>
        {
            var searcher = new HybridSearcher(HybridGen.Corpus(documents));
            var options = new FusionOptions { Method = FusionMethod.Alpha, Alpha = alpha, K = 10, CandidateDepth = documents.Length + 10 };

            var actual = searcher.Search(query, options);

            // Every document is a dense candidate at this depth, so the pool is the whole corpus.
            var dense = query.Dense.ToArray();
            var oracle = documents.Select((d, i) => ($"doc{i:D3}",
                ((1 - alpha) * InMemoryHybridCorpusTests.NaiveSparseDot(query.Sparse, d.Sparse)) + (alpha * HybridGen.DenseDot(dense, d.Dense))));
            HybridFusionTests.AssertSameRanking(oracle, actual, 10);
        });
    }

    [Fact]
    public void The_scaled_query_scores_with_one_dot_product_the_weighted_sum()
    {
        Gen.Select(HybridGen.Query, HybridGen.Sparse, HybridGen.Dense, Gen.Int[0, 4].Select(i => i / 4.0)).Sample((query, docSparse, docDense, alpha) =>
        {
            var scaled = AlphaScaling.Scale(query, alpha);

            var actual = AlphaScaling.Score(scaled, docSparse, docDense);

            var expected = ((1 - alpha) * InMemoryHybridCorpusTests.NaiveSparseDot(query.Sparse, docSparse))
                + (alpha * HybridGen.DenseDot(query.Dense.ToArray(), docDense));
            Assert.Equal(expected, actual, 4);
        });
    }

    [Fact]
    public void Every_candidate_is_scored_exactly_on_both_sides()
    {
        Gen.Select(HybridGen.Documents, HybridGen.Query, Gen.Int[1, 5]).Sample((documents, query, depth) =>
        {
            var corpus = HybridGen.Corpus(documents);
            var searcher = new HybridSearcher(corpus);

            var hits = searcher.Search(query, new FusionOptions { K = depth, CandidateDepth = depth });

            foreach (var hit in hits)
            {
                Assert.Equal(InMemoryHybridCorpusTests.NaiveSparseDot(query.Sparse, corpus.GetSparse(hit.Id)), hit.SparseScore, 4);
                Assert.Equal(HybridGen.DenseDot(query.Dense.ToArray(), corpus.GetDense(hit.Id)!.Value.Span), hit.DenseScore!.Value, 4);
            }
        });
    }

    [Fact]
    public void An_explanation_lists_the_shared_terms_whose_contributions_sum_to_the_sparse_score()
    {
        Gen.Select(HybridGen.Documents, HybridGen.Query).Sample((documents, query) =>
        {
            var searcher = new HybridSearcher(HybridGen.Corpus(documents));
            var options = new FusionOptions { Method = FusionMethod.Convex, K = 5, CandidateDepth = 5 };

            foreach (var hit in searcher.Search(query, options))
            {
                var explanation = searcher.Explain(query, hit, options.Method);

                var document = documents[int.Parse(hit.Id[3..], System.Globalization.CultureInfo.InvariantCulture)].Sparse;
                var shared = query.Sparse.Indices.ToArray().Where(t => document[t] != 0).Order().ToArray();
                Assert.Equal(shared, explanation.Terms.Select(t => t.TermId).Order().ToArray());
                Assert.Equal(hit.SparseScore, explanation.Terms.Sum(t => t.Contribution), 4);
                Assert.Equal(hit.DenseScore!.Value, explanation.DenseSimilarity!.Value, 5);
                Assert.Equal(hit.Score, explanation.FusedScore);
                Assert.True(explanation.Terms.Zip(explanation.Terms.Skip(1)).All(p => p.First.Contribution >= p.Second.Contribution));
            }
        });
    }

    [Fact]
    public void Bad_dense_queries_are_rejected_with_a_reason()
    {
        var corpus = new InMemoryHybridCorpus(3);
        corpus.Add("a", SparseVector.Empty, [1f, 0f, 0f]);
        var searcher = new HybridSearcher(corpus);
        var options = new FusionOptions();

        Assert.Contains(
            "2 values",
            Assert.Throws<ArgumentException>(() => searcher.Search(new HybridQuery(SparseVector.Empty, new float[] { 1, 0 }), options)).Message,
            StringComparison.Ordinal);
        Assert.Contains(
            "NaN at position 2",
            Assert.Throws<ArgumentException>(() => searcher.Search(new HybridQuery(SparseVector.Empty, new[] { 1f, 0f, float.NaN }), options)).Message,
            StringComparison.Ordinal);
        Assert.Contains(
            "all zeros",
            Assert.Throws<ArgumentException>(() => searcher.Search(new HybridQuery(SparseVector.Empty, new float[3]), options)).Message,
            StringComparison.Ordinal);
    }
}
