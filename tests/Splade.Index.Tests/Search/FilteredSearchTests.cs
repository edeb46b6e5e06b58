using System.Text.Json.Nodes;
using CsCheck;
using Splade.Core;
using Splade.Index.Filters;

namespace Splade.Index.Tests.Search;

public class FilteredSearchTests
{
    [Fact]
    public void Filtered_search_returns_k_matching_documents_when_k_exist()
    {
        using var index = SparseIndex.CreateInMemory();
        // The 50 best-scoring documents are French; 20 English ones score lower.
        for (var i = 0; i < 70; i++)
        {
            index.Upsert(new IndexDocument($"d{i}", new SparseVector([1, 2], [i < 50 ? 10f - (i * 0.01f) : 1f - (i * 0.001f), 1f]))
            {
                Metadata = new JsonObject { ["lang"] = i < 50 ? "fr" : "en" },
            });
        }

        foreach (var algorithm in new[] { SearchAlgorithm.TermAtATime, SearchAlgorithm.MaxScore, SearchAlgorithm.BruteForce })
        {
            var hits = index.Search(
                new SparseVector([1], [1f]),
                new SearchOptions { K = 10, Filter = MetadataFilter.Parse("""{"field":"lang","eq":"en"}"""), Algorithm = algorithm }).Hits;
            Assert.Equal(10, hits.Count);
            Assert.All(hits, h => Assert.Equal("en", h.Metadata!["lang"]!.GetValue<string>()));
            Assert.Equal("d50", hits[0].Id);
        }
    }

    [Fact]
    public void Filtered_search_matches_the_filtered_oracle()
    {
        var filters = Gen.OneOfConst(
            MetadataFilter.Parse("""{"field":"lang","in":["en","de"]}"""),
            MetadataFilter.Parse("""{"field":"year","range":{"gte":1995,"lt":2003}}"""),
            MetadataFilter.Parse("""{"or":[{"field":"lang","eq":"fr"},{"not":{"field":"year","range":{"gt":2000}}}]}"""));
        Gen.Select(RandomCorpus.Operations(50, 30, 25, 5), RandomCorpus.Vector(25, 4), Gen.Int[1, 8], filters).Sample((operations, query, k, filter) =>
        {
            using var index = SparseIndex.CreateInMemory(new IndexOptions { FlushThreshold = 6, BackgroundMerge = false });
            var reference = new ReferenceCollection();
            foreach (var operation in operations)
            {
                RandomCorpus.Apply(operation, index, reference);
            }

            var expected = reference.TopK(query, k, filter);
            foreach (var algorithm in new[] { SearchAlgorithm.TermAtATime, SearchAlgorithm.MaxScore, SearchAlgorithm.BruteForce })
            {
                var actual = index.Search(query, new SearchOptions { K = k, Filter = filter, Algorithm = algorithm }).Hits;
                Assert.Equal(expected, actual.Select(h => (h.Id, h.Score)).ToList());
            }
        }, iter: 150);
    }
}
