using System.Numerics.Tensors;
using Splade.Core;
using Splade.Retrieval.Lexical;

namespace Splade.Server.Storage;

/// <summary>The parts of scoring and explaining a nearest query that need no index: the idf weighting of a sparse query from given
/// statistics, and one query's explanation of a hit from the prepared query and the hit's stored vector. A collection and a
/// cluster's router both use them, so their explanations agree.</summary>
internal static class HitExplainer
{
    /// <summary>Each weight of <paramref name="query"/> times its term's IDF over <paramref name="documents"/> points, of which
    /// <paramref name="frequencies"/>[i] have term i.</summary>
    public static SparseVector WeighByIdf(SparseVector query, long documents, ReadOnlySpan<long> frequencies)
    {
        var weights = new float[query.Count];
        var count = (int)Math.Min(documents, int.MaxValue);
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = query.Values[i] * LexicalWeights.Bm25Idf(count, (int)Math.Min(frequencies[i], int.MaxValue));
        }

        return new SparseVector(query.Indices.ToArray(), weights);
    }

    /// <summary>One nearest query's part of a hit's explanation.</summary>
    /// <param name="name">The named vector searched.</param>
    /// <param name="prepared">The query vector as searched (normalised for Cosine).</param>
    /// <param name="weigh">Turns a sparse query into its searched weights (the idf modifier, or nothing).</param>
    /// <param name="stored">The hit's stored vector of that name, or null when it has none.</param>
    /// <param name="vocabulary">How to name the query's terms, when known.</param>
    /// <param name="rank">The hit's 1-based rank among the query's results, or null.</param>
    public static QueryExplanation Explain(
        string name, VectorValue prepared, Func<SparseVector, SparseVector> weigh, VectorValue? stored, QueryVocabulary? vocabulary, int? rank)
    {
        if (prepared.Dense is { } dense)
        {
            return new QueryExplanation(name, false, stored?.Dense is { } values ? TensorPrimitives.Dot(dense, values) : null, rank, null);
        }

        if (stored?.Sparse is not { } document)
        {
            return new QueryExplanation(name, true, null, rank, []);
        }

        var weighted = weigh(prepared.Sparse!);
        var documentTerms = stored.SourceText is { } text && vocabulary?.DocumentTerms is { } own ? own(text) : null;
        var terms = new List<TermExplanation>();
        foreach (var index in weighted.Indices)
        {
            var documentWeight = document[index];
            if (documentWeight == 0f)
            {
                continue;
            }

            terms.Add(new TermExplanation(index, vocabulary?.TokenOf(index), weighted[index], documentWeight,
                vocabulary is null ? null : !vocabulary.QueryTerms.Contains(index),
                documentTerms is null ? null : !documentTerms.Contains(index)));
        }

        terms.Sort(static (a, b) => b.Contribution.CompareTo(a.Contribution));
        return new QueryExplanation(name, true, weighted.Dot(document), rank, terms);
    }
}
