using Splade.Core;

namespace Splade.Index.Tests.Approximate;

/// <summary>Small seeded corpora and queries for the approximate index's tests.</summary>
internal static class TestCorpora
{
    /// <summary>
    /// Uniformly random sparse vectors whose weights are multiples of 1/8 up to 4: their dot products are exact in float in any
    /// summation order, so ties are real ties and two correct scorers agree to the last bit.
    /// </summary>
    public static List<SparseVector> RandomDyadic(Random random, int count, uint dimension, int maxTerms)
    {
        var vectors = new List<SparseVector>(count);
        for (var i = 0; i < count; i++)
        {
            vectors.Add(RandomDyadicVector(random, dimension, random.Next(0, maxTerms + 1)));
        }

        return vectors;
    }

    public static SparseVector RandomDyadicVector(Random random, uint dimension, int terms)
    {
        var weights = new Dictionary<uint, float>();
        terms = Math.Min(terms, (int)dimension);
        while (weights.Count < terms)
        {
            weights[(uint)random.Next((int)dimension)] = random.Next(1, 33) / 8f;
        }

        return SparseVector.FromDictionary(weights, dimension);
    }

    /// <summary>
    /// A topical corpus: each document draws most of its terms from one topic's small pool (heavier) and a few from the whole
    /// vocabulary (lighter), with Zipf-like weights, as learned sparse vectors look.
    /// </summary>
    public static (List<SparseVector> Documents, List<SparseVector> Queries) Clustered(
        int seed,
        int documents,
        int queries,
        uint dimension = 4000,
        int topics = 40)
    {
        var random = new Random(seed);
        var pools = new int[topics][];
        for (var t = 0; t < topics; t++)
        {
            pools[t] = [.. Enumerable.Range(0, 60).Select(_ => random.Next((int)dimension))];
        }

        return (
            Draw(random, pools, documents, dimension, topicalTerms: 40, noiseTerms: 20),
            Draw(random, pools, queries, dimension, topicalTerms: 12, noiseTerms: 6));
    }

    private static List<SparseVector> Draw(Random random, int[][] pools, int count, uint dimension, int topicalTerms, int noiseTerms)
    {
        var vectors = new List<SparseVector>(count);
        for (var i = 0; i < count; i++)
        {
            var pool = pools[random.Next(pools.Length)];
            var weights = new Dictionary<uint, float>();
            for (var j = 0; j < topicalTerms; j++)
            {
                var rank = (int)(pool.Length * Math.Pow(random.NextDouble(), 2));
                var term = (uint)pool[rank];
                weights[term] = Math.Max(weights.GetValueOrDefault(term), (float)(2.5 / (1 + (rank * 0.1)) * (0.5 + random.NextDouble())));
            }

            for (var j = 0; j < noiseTerms; j++)
            {
                var term = (uint)random.Next((int)dimension);
                weights[term] = Math.Max(weights.GetValueOrDefault(term), (float)(0.3 * random.NextDouble()) + 0.01f);
            }

            vectors.Add(SparseVector.FromDictionary(weights, dimension));
        }

        return vectors;
    }
}
