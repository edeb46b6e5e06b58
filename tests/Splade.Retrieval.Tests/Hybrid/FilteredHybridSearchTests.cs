using System.Text.Json.Nodes;
using CsCheck;
using Splade.Core;
using Splade.Index;
using Splade.Index.Filters;
using Splade.Retrieval.Hybrid;

namespace Splade.Retrieval.Tests.Hybrid;

/// <summary>
/// Hybrid and two-stage search over an index honour the metadata filter, carry metadata and text, and accept documents without a
/// dense vector (they simply have no dense score), against oracles built from the documents themselves.
/// </summary>
public sealed class FilteredHybridSearchTests
{
    private static readonly Gen<(SparseVector Sparse, float[]? Dense, int Group)[]> MixedDocuments =
        Gen.Select(HybridGen.Sparse, HybridGen.Dense, Gen.Int[0, 3], Gen.Int[0, 2])
            .Select((sparse, dense, withoutDense, group) => (Sparse: sparse, Dense: withoutDense == 0 ? null : dense, Group: group))
            .Array[1, 25]
            .Where(documents => documents.Any(d => d.Dense is not null));

    [Fact]
    public void Hybrid_search_returns_only_documents_the_filter_accepts_and_ranks_them_as_a_search_of_those_documents_alone()
    {
        Gen.Select(HybridGen.Documents, HybridGen.Query, Gen.Int[0, 2], Gen.Int[0, 2]).Sample((documents, query, group, method) =>
        {
            using var index = Build(documents.Select((d, i) => (d.Sparse, (float[]?)d.Dense, i % 3)).ToArray());
            var filter = MetadataFilter.Parse($$"""{"field":"group","eq":{{group}}}""");
            var options = new FusionOptions { Method = (FusionMethod)method, K = 5, CandidateDepth = 5, Filter = filter };

            var actual = new HybridSearcher(new SparseIndexHybridCorpus(index)).Search(query, options);

            var kept = documents.Select((d, i) => (Id: $"doc{i:D3}", d.Sparse, d.Dense)).Where((_, i) => i % 3 == group).ToArray();
            Assert.All(actual, hit => Assert.Equal(group, (int)hit.Metadata!["group"]!));
            if (kept.Length == 0)
            {
                Assert.Empty(actual);
                return;
            }

            var oracleCorpus = new InMemoryHybridCorpus(HybridGen.Dimension);
            foreach (var (id, sparse, dense) in kept)
            {
                oracleCorpus.Add(id, sparse, dense);
            }

            var expected = new HybridSearcher(oracleCorpus).Search(query, options with { Filter = null });
            Assert.Equal(expected.Select(h => h.Id), actual.Select(h => h.Id));
        }, iter: 40);
    }

    [Fact]
    public void Hybrid_and_two_stage_hits_carry_the_documents_metadata_and_text()
    {
        Gen.Select(HybridGen.Documents, HybridGen.Query).Sample((documents, query) =>
        {
            using var index = Build(documents.Select((d, i) => (d.Sparse, (float[]?)d.Dense, i % 3)).ToArray());
            var corpus = new SparseIndexHybridCorpus(index);

            var hybrid = new HybridSearcher(corpus).Search(query, new FusionOptions { K = 5, CandidateDepth = 5 });
            var twoStage = new TwoStageSearcher(corpus).Search(query, new TwoStageOptions { FirstStageDepth = 5, K = 5 });

            foreach (var hit in hybrid.Concat(twoStage))
            {
                var ordinal = int.Parse(hit.Id[3..], System.Globalization.CultureInfo.InvariantCulture);
                Assert.Equal(ordinal % 3, (int)hit.Metadata!["group"]!);
                Assert.Equal($"text of {hit.Id}", hit.Text);
            }
        }, iter: 30);
    }

    [Fact]
    public void Two_stage_search_reranks_only_first_stage_documents_the_filter_accepts()
    {
        Gen.Select(HybridGen.Documents, HybridGen.Query, Gen.Int[0, 2], Gen.Bool).Sample((documents, query, group, fused) =>
        {
            using var index = Build(documents.Select((d, i) => (d.Sparse, (float[]?)d.Dense, i % 3)).ToArray());
            var filter = MetadataFilter.Parse($$"""{"field":"group","eq":{{group}}}""");
            var options = new TwoStageOptions { FirstStageDepth = 6, K = 3, Filter = filter, Fusion = fused ? new FusionOptions() : null };

            var actual = new TwoStageSearcher(new SparseIndexHybridCorpus(index)).Search(query, options);

            Assert.All(actual, hit => Assert.Equal(group, (int)hit.Metadata!["group"]!));
            if (query.Sparse.Count > 0)
            {
                var firstStage = index.Search(query.Sparse, new SearchOptions { K = 6, Filter = filter }).Hits.Select(h => h.Id).ToHashSet();
                Assert.All(actual, hit => Assert.Contains(hit.Id, firstStage));
            }
        }, iter: 40);
    }

    [Fact]
    public void A_mixed_index_is_searched_with_no_dense_score_for_documents_without_a_dense_vector()
    {
        Gen.Select(MixedDocuments, HybridGen.Query, Gen.Int[0, 4].Select(i => i / 4.0)).Sample((documents, query, alpha) =>
        {
            using var index = Build(documents);
            var searcher = new HybridSearcher(new SparseIndexHybridCorpus(index));
            var depth = Math.Max(10, documents.Length + 5);
            var options = new FusionOptions { Method = FusionMethod.Alpha, Alpha = alpha, K = 10, CandidateDepth = depth };

            var actual = searcher.Search(query, options);

            // At this depth the dense side retrieves every document with a dense vector, the sparse side every matching document.
            var dense = query.Dense.ToArray();
            var oracle = documents.Select((d, i) => (Id: $"doc{i:D3}", d.Sparse, d.Dense))
                .Where(d => d.Dense is not null || InMemoryHybridCorpusTests.NaiveSparseDot(query.Sparse, d.Sparse) > 0)
                .Select(d => (d.Id, ((1 - alpha) * InMemoryHybridCorpusTests.NaiveSparseDot(query.Sparse, d.Sparse))
                    + (alpha * (d.Dense is null ? 0 : HybridGen.DenseDot(dense, d.Dense)))));
            HybridFusionTests.AssertSameRanking(oracle, actual, 10);
            foreach (var hit in actual)
            {
                var document = documents[int.Parse(hit.Id[3..], System.Globalization.CultureInfo.InvariantCulture)];
                Assert.Equal(document.Dense is null, hit.DenseScore is null);
                Assert.Equal(document.Dense is null, searcher.Explain(query, hit, options.Method).DenseSimilarity is null);
            }
        }, iter: 40);
    }

    [Fact]
    public void Every_fusion_and_two_stage_accept_a_mixed_index()
    {
        Gen.Select(MixedDocuments, HybridGen.Query, Gen.Int[0, 2], Gen.Bool).Sample((documents, query, method, fused) =>
        {
            using var index = Build(documents);
            var corpus = new SparseIndexHybridCorpus(index);
            var fusion = new FusionOptions { Method = (FusionMethod)method, K = 10, CandidateDepth = 10 };

            var hybrid = new HybridSearcher(corpus).Search(query, fusion);
            var twoStage = new TwoStageSearcher(corpus).Search(query, new TwoStageOptions { FirstStageDepth = 10, K = 10, Fusion = fused ? fusion : null });

            Assert.All(hybrid, hit => Assert.True(hit.DenseScore is null || hit.DenseRank > 0 || hit.SparseRank > 0));
            if (!fused)
            {
                // Reranked by dense similarity alone: a candidate without a dense vector has nothing to be ranked by.
                Assert.All(twoStage, hit => Assert.NotNull(hit.DenseScore));
            }
        }, iter: 40);
    }

    [Fact]
    public void Retrieval_methods_refuse_a_filter_they_cannot_apply()
    {
        var filter = MetadataFilter.Parse("""{"field":"group","eq":1}""");
        var corpus = new InMemoryHybridCorpus(2);
        corpus.Add("a", SparseVector.Empty, [1f, 0f]);

        Assert.Contains("metadata", Assert.Throws<ArgumentException>(() => corpus.SearchDense([1f, 0f], 1, filter)).Message, StringComparison.Ordinal);
        Assert.Contains(
            "TwoStageOptions.Filter",
            Assert.Throws<ArgumentException>(() => new TwoStageOptions { Fusion = new FusionOptions { Filter = filter } }.Validate()).Message,
            StringComparison.Ordinal);
    }

    private static SparseIndex Build((SparseVector Sparse, float[]? Dense, int Group)[] documents)
    {
        var index = SparseIndex.CreateInMemory(new IndexOptions { Durable = false, BackgroundMerge = false });
        index.Upsert(documents.Select((d, i) => new IndexDocument($"doc{i:D3}", d.Sparse)
        {
            Dense = d.Dense,
            Metadata = new JsonObject { ["group"] = d.Group },
            Text = $"text of doc{i:D3}",
        }));
        index.Flush();
        return index;
    }
}
