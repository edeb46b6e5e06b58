using CsCheck;
using Splade.Core;

namespace Splade.Index.Tests.Search;

public class DenseSearchTests
{
    [Fact]
    public void Dense_search_matches_a_brute_force_inner_product()
    {
        Gen.Float[-1f, 1f].Array[4].Array[1, 30].Select(Gen.Float[-1f, 1f].Array[4], Gen.Int[1, 5]).Sample((vectors, query, k) =>
        {
            using var index = SparseIndex.CreateInMemory(new IndexOptions { FlushThreshold = 4, BackgroundMerge = false });
            index.Upsert(vectors.Select((v, i) => new IndexDocument($"v{i}", new SparseVector([1], [1f])) { Dense = v }));
            index.Delete("v0");
            var expected = vectors.Select((v, i) => (Id: $"v{i}", Score: Dot(query, v), Order: i))
                .Where(x => x.Id != "v0")
                .OrderByDescending(x => x.Score).ThenBy(x => x.Order).Take(k).ToList();
            var actual = index.SearchDense(query, new SearchOptions { K = k }).Hits;
            Assert.Equal(expected.Select(e => e.Id), actual.Select(h => h.Id));
            Assert.All(actual.Zip(expected), p => Assert.Equal(p.Second.Score, p.First.Score, 1e-4));
        }, iter: 100);
    }

    [Fact]
    public void Dense_vectors_of_another_dimension_or_with_nan_are_rejected()
    {
        using var index = SparseIndex.CreateInMemory();
        index.Upsert(new IndexDocument("a", new SparseVector([1], [1f])) { Dense = [1f, 2f, 3f] });
        Assert.Contains(
            "dimension 2",
            Assert.Throws<ArgumentException>(() => index.Upsert(new IndexDocument("b", new SparseVector([1], [1f])) { Dense = [1f, 2f] })).Message,
            StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => index.SearchDense([1f, 2f]));
        Assert.Throws<ArgumentException>(() => index.SearchDense([1f, float.NaN, 0f]));
        Assert.Equal("a", Assert.Single(index.SearchDense([0f, 0f, 1f]).Hits).Id);
    }

    private static float Dot(float[] a, float[] b)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += (double)a[i] * b[i];
        }

        return (float)sum;
    }
}
