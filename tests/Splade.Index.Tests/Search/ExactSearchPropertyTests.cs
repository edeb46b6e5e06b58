using CsCheck;
using Splade.Core;
using Splade.Index.Storage;

namespace Splade.Index.Tests.Search;

public class ExactSearchPropertyTests
{
    private static readonly SearchAlgorithm[] Exact = [SearchAlgorithm.TermAtATime, SearchAlgorithm.MaxScore, SearchAlgorithm.BruteForce];

    [Fact]
    public void Every_exact_algorithm_matches_the_brute_force_oracle_in_memory()
        => Check(() => SparseIndex.CreateInMemory(new IndexOptions { FlushThreshold = 7, MergeFactor = 3, BackgroundMerge = false }), allowNegative: false);

    [Fact]
    public void Every_exact_algorithm_matches_the_oracle_with_persistence_and_background_merges()
        => Check(
            () => SparseIndex.Open(new RamDirectory(), new IndexOptions { FlushThreshold = 5, MergeFactor = 2 }, ownsDirectory: true), allowNegative: false);

    [Fact]
    public void Negative_weights_do_not_break_pruning()
        => Check(() => SparseIndex.CreateInMemory(new IndexOptions { FlushThreshold = 9, BackgroundMerge = false }), allowNegative: true);

    private static void Check(Func<SparseIndex> create, bool allowNegative)
    {
        var gen = Gen.Select(
            RandomCorpus.Operations(60, 40, 30, 6),
            RandomCorpus.Vector(30, 5, allowNegative).Array[1, 4],
            Gen.Int[1, 12]);
        gen.Sample((operations, queries, k) =>
        {
            using var index = create();
            var reference = new ReferenceCollection();
            foreach (var operation in operations)
            {
                RandomCorpus.Apply(operation, index, reference);
            }

            index.WaitForMerges();
            Assert.Equal(reference.Count, index.Count);
            foreach (var query in queries)
            {
                var expected = reference.TopK(query, k);
                foreach (var algorithm in Exact)
                {
                    var results = index.Search(query, new SearchOptions { K = k, Algorithm = algorithm });
                    Assert.Equal(algorithm, results.Algorithm);
                    Assert.Equal(expected, results.Hits.Select(h => (h.Id, h.Score)).ToList());
                }
            }
        }, iter: 150);
    }

    [Fact]
    public void Term_at_a_time_matches_the_oracle_when_the_query_touches_few_documents()
    {
        // A wide vocabulary and short vectors keep the query's postings under an eighth of the documents, the layout for few postings.
        Gen.Select(RandomCorpus.Vector(3000, 3, allowNegative: true).Array[300, 500], RandomCorpus.Vector(3000, 3, allowNegative: true), Gen.Int[1, 8])
            .Sample((vectors, query, k) =>
            {
                using var index = SparseIndex.CreateInMemory();
                var reference = new ReferenceCollection();
                var documents = vectors.Select((v, i) => new IndexDocument($"s{i}", v)).ToList();
                index.Upsert(documents);
                documents.ForEach(reference.Upsert);
                var actual = index.Search(query, new SearchOptions { K = k, Algorithm = SearchAlgorithm.TermAtATime });
                Assert.True(actual.PostingsScored * 8 < vectors.Length);
                Assert.Equal(reference.TopK(query, k), actual.Hits.Select(h => (h.Id, h.Score)).ToList());
            }, iter: 100);
    }

    [Fact]
    public void Negative_document_weights_are_searched_exactly()
    {
        Gen.Select(RandomCorpus.Vector(20, 6, allowNegative: true).Array[1, 40], RandomCorpus.Vector(20, 5, allowNegative: true), Gen.Int[1, 6])
            .Sample((vectors, query, k) =>
            {
                using var index = SparseIndex.CreateInMemory();
                var reference = new ReferenceCollection();
                for (var i = 0; i < vectors.Length; i++)
                {
                    var document = new IndexDocument($"n{i}", vectors[i]);
                    index.Upsert(document);
                    reference.Upsert(document);
                }

                var expected = reference.TopK(query, k);
                var actual = index.Search(query, new SearchOptions { K = k, Algorithm = SearchAlgorithm.MaxScore });
                Assert.Equal(expected, actual.Hits.Select(h => (h.Id, h.Score)).ToList());
            }, iter: 200);
    }

    [Fact]
    public void Scores_agree_with_a_double_precision_dot_product()
    {
        Gen.Select(RandomCorpus.Vector(1000, 40).Array[1, 30], RandomCorpus.Vector(1000, 40)).Sample((vectors, query) =>
        {
            using var index = SparseIndex.CreateInMemory();
            index.Upsert(vectors.Select((v, i) => new IndexDocument($"x{i}", v)));
            foreach (var hit in index.Search(query, new SearchOptions { K = 30, Algorithm = SearchAlgorithm.MaxScore }).Hits)
            {
                var document = vectors[int.Parse(hit.Id[1..], System.Globalization.CultureInfo.InvariantCulture)];
                Assert.Equal(ReferenceCollection.DoubleScore(query, document), hit.Score, 1e-3);
            }
        }, iter: 50);
    }
}
