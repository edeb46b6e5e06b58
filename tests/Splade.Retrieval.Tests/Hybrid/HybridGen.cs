using CsCheck;
using Splade.Core;
using Splade.Retrieval.Hybrid;

namespace Splade.Retrieval.Tests.Hybrid;

/// <summary>Random corpora, queries and candidate pools for the hybrid property tests.</summary>
internal static class HybridGen
{
    public const int Dimension = 8;
    public const uint Vocabulary = 30;

    public static readonly Gen<SparseVector> Sparse =
        Gen.Dictionary(Gen.UInt[0, Vocabulary - 1], Gen.Int[1, 40].Select(i => i / 8f))[0, 8]
            .Select(d => SparseVector.FromDictionary(d, Vocabulary));

    /// <summary>Dense values on a coarse grid, so that ties happen and tie-breaking is exercised.</summary>
    public static readonly Gen<float[]> Dense = Gen.Int[-4, 4].Select(i => i / 4f).Array[Dimension];

    public static readonly Gen<float[]> NonZeroDense = Dense.Where(v => v.Any(x => x != 0));

    public static readonly Gen<(SparseVector Sparse, float[] Dense)[]> Documents = Gen.Select(Sparse, Dense).Array[1, 25];

    public static readonly Gen<HybridQuery> Query = Gen.Select(Sparse, NonZeroDense).Select(p => new HybridQuery(p.Item1, p.Item2));

    /// <summary>A pool with unique ids, scores on a grid, and each side's ranks a permutation of the documents it retrieved; about one
    /// candidate in five that the dense side did not retrieve has no dense vector, hence no dense score.</summary>
    public static readonly Gen<FusionCandidate[]> Pool =
        from count in Gen.Int[1, 30]
        from sparse in Gen.Int[0, 20].Select(i => i / 4f).Array[count]
        from dense in Gen.Int[-8, 8].Select(i => i / 8f).Array[count]
        from sparseRetrieved in Gen.Bool.Array[count]
        from denseRetrieved in Gen.Bool.Array[count]
        from sparseOrder in Gen.Shuffle(Enumerable.Range(0, count).ToArray())
        from denseOrder in Gen.Shuffle(Enumerable.Range(0, count).ToArray())
        from withoutDense in Gen.Int[0, 4].Array[count]
        select Enumerable.Range(0, count).Select(i => new FusionCandidate(
            $"d{i:D2}",
            sparse[i],
            !denseRetrieved[i] && withoutDense[i] == 0 ? null : dense[i],
            sparseRetrieved[i] ? Array.IndexOf(sparseOrder, i) + 1 : 0,
            denseRetrieved[i] ? Array.IndexOf(denseOrder, i) + 1 : 0)).ToArray();

    public static InMemoryHybridCorpus Corpus((SparseVector Sparse, float[] Dense)[] documents)
    {
        var corpus = new InMemoryHybridCorpus(Dimension);
        for (var i = 0; i < documents.Length; i++)
        {
            corpus.Add($"doc{i:D3}", documents[i].Sparse, documents[i].Dense);
        }

        return corpus;
    }

    public static float DenseDot(float[] a, ReadOnlySpan<float> b)
    {
        var sum = 0f;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }
}
