using CsCheck;
using Splade.Core;
using Splade.Retrieval.Hybrid;

namespace Splade.Retrieval.Tests.Hybrid;

public sealed class InMemoryHybridCorpusTests
{
    [Fact]
    public void Dense_search_matches_brute_force_ordering()
    {
        Gen.Select(HybridGen.Documents, HybridGen.Dense, Gen.Int[1, 30]).Sample((documents, query, k) =>
        {
            var corpus = HybridGen.Corpus(documents);

            var actual = corpus.SearchDense(query, k, null);

            var expected = documents.Select((d, i) => (Id: $"doc{i:D3}", Score: HybridGen.DenseDot(query, d.Dense)))
                .OrderByDescending(e => e.Score).ThenBy(e => e.Id, StringComparer.Ordinal).Take(k).ToList();
            Assert.Equal(expected.Select(e => e.Id), actual.Select(a => a.Id));
            Assert.Equal(expected.Select(e => e.Score), actual.Select(a => a.Score), (x, y) => Math.Abs(x - y) < 1e-5f);
        });
    }

    [Fact]
    public void Sparse_search_returns_the_matching_documents_in_brute_force_order()
    {
        Gen.Select(HybridGen.Documents, HybridGen.Sparse, Gen.Int[1, 30]).Sample((documents, query, k) =>
        {
            var corpus = HybridGen.Corpus(documents);

            var actual = corpus.SearchSparse(query, k, null);

            var expected = documents.Select((d, i) => (Id: $"doc{i:D3}", Score: NaiveSparseDot(query, d.Sparse)))
                .Where(e => e.Score > 0).OrderByDescending(e => e.Score).ThenBy(e => e.Id, StringComparer.Ordinal).Take(k).ToList();
            Assert.Equal(expected.Select(e => e.Id), actual.Select(a => a.Id));
        });
    }

    [Fact]
    public void Bad_documents_are_rejected_with_the_id_named()
    {
        var corpus = new InMemoryHybridCorpus(3);
        corpus.Add("a", SparseVector.Empty, [1f, 0f, 0f]);

        Assert.Contains("'b'", Assert.Throws<ArgumentException>(() => corpus.Add("b", SparseVector.Empty, [1f, 0f])).Message, StringComparison.Ordinal);
        Assert.Contains(
            "position 1", Assert.Throws<ArgumentException>(() => corpus.Add("c", SparseVector.Empty, [1f, float.NaN, 0f])).Message, StringComparison.Ordinal);
        Assert.Contains("'a'", Assert.Throws<ArgumentException>(() => corpus.Add("a", SparseVector.Empty, [0f, 1f, 0f])).Message, StringComparison.Ordinal);
        Assert.Throws<KeyNotFoundException>(() => corpus.GetDense("missing"));
        Assert.Equal(1, corpus.Count);
    }

    internal static float NaiveSparseDot(SparseVector a, SparseVector b)
    {
        var sum = 0f;
        for (var i = 0; i < a.Count; i++)
        {
            sum += a.Values[i] * b[a.Indices[i]];
        }

        return sum;
    }
}
