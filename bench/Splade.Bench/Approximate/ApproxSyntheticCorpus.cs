using Splade.Core;
using Splade.Index;
using Splade.Index.Approximate;
using Splade.Cli.Synthetic;

namespace Splade.Bench.Approximate;

/// <summary>
/// The benchmark's data: the engine's seeded <see cref="SyntheticSpladeCorpus"/> (the exact engine's benchmark data), written
/// straight into a forward index, and its queries.
/// </summary>
internal static class ApproxSyntheticCorpus
{
    /// <summary>Query numbers from this offset on are the tuning sample, disjoint from the evaluation queries.</summary>
    public const long TuningQueryOffset = 1_000_000;

    public static string Describe(SyntheticCorpusOptions options) =>
        $"SyntheticSpladeCorpus (seed {options.Seed}): vocabulary {options.Vocabulary}, ~{options.MeanDocumentTerms} nnz per document, " +
        $"~{options.MeanQueryTerms} nnz per query ({options.QueryOverlap:P0} of a query's terms from one target document), Zipf exponent " +
        $"{options.ZipfExponent}, log-normal weights, " +
        (options.Topics == 0
            ? "no topical structure"
            : $"{options.Topics} topics of {options.TermsPerTopic} terms, {options.TopicShare:P0} of a document's terms from its topic");

    public static ForwardIndex Documents(SyntheticSpladeCorpus corpus, int count)
    {
        var offsets = new long[count + 1];
        var indices = new ushort[(long)count * corpus.Options.MeanDocumentTerms * 11 / 10];
        var values = new float[indices.Length];
        for (var d = 0; d < count; d++)
        {
            var vector = corpus.DocumentVector(d);
            var end = offsets[d] + vector.Count;
            if (end > indices.Length)
            {
                Array.Resize(ref indices, (int)Math.Min(Array.MaxLength, Math.Max(end, indices.LongLength * 5 / 4)));
                Array.Resize(ref values, indices.Length);
            }

            var start = (int)offsets[d];
            for (var i = 0; i < vector.Count; i++)
            {
                indices[start + i] = (ushort)vector.Indices[i];
            }

            vector.Values.CopyTo(values.AsSpan((int)offsets[d]));
            offsets[d + 1] = end;
        }

        Array.Resize(ref indices, (int)offsets[^1]);
        Array.Resize(ref values, (int)offsets[^1]);
        return ForwardIndex.FromArrays(offsets, indices, values, corpus.Options.Vocabulary);
    }

    public static List<SparseVector> Queries(SyntheticSpladeCorpus corpus, int count, int documentCount, long firstQuery)
    {
        var queries = new List<SparseVector>(count);
        for (var q = 0; q < count; q++)
        {
            queries.Add(corpus.Query(firstQuery + q, documentCount).Vector);
        }

        return queries;
    }
}
