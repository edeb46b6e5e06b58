using CsCheck;
using Splade.Index;
using Splade.Retrieval.Hybrid;

namespace Splade.Retrieval.Tests.Hybrid;

public sealed class SparseIndexHybridCorpusTests
{
    [Fact]
    public void Hybrid_search_over_the_index_matches_the_in_memory_reference()
    {
        // The index stores only documents with at least one term.
        Gen.Select(HybridGen.Documents.Where(ds => ds.All(d => d.Sparse.Count > 0)), HybridGen.Query, Gen.Int[0, 2]).Sample((documents, query, method) =>
        {
            using var index = SparseIndex.CreateInMemory(new IndexOptions { Durable = false, BackgroundMerge = false });
            index.Upsert(documents.Select((d, i) => new IndexDocument($"doc{i:D3}", d.Sparse) { Dense = d.Dense }));
            index.Flush();
            var options = new FusionOptions { Method = (FusionMethod)method, K = 5, CandidateDepth = 5 };

            var actual = new HybridSearcher(new SparseIndexHybridCorpus(index)).Search(query, options);
            var expected = new HybridSearcher(HybridGen.Corpus(documents)).Search(query, options);

            Assert.Equal(expected.Select(h => h.Id), actual.Select(h => h.Id));
        }, iter: 30);
    }
}
