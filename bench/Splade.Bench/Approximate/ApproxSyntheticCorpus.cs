using Splade.Cli.Synthetic;
using Splade.Core;
using Splade.Index.Segments;

namespace Splade.Bench.Approximate;

/// <summary>
/// The benchmark's data: the engine's seeded <see cref="SyntheticSpladeCorpus"/> (the exact engine's benchmark data), built
/// into an in-memory segment, and its queries.
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

    /// <summary>The first <paramref name="count"/> documents as one in-memory segment, ordinals and insertion order being the
    /// document numbers.</summary>
    public static Segment Documents(SyntheticSpladeCorpus corpus, int count) => SegmentBuilder.InMemory(Vectors(corpus, count));

    public static List<SparseVector> Queries(SyntheticSpladeCorpus corpus, int count, int documentCount, long firstQuery)
    {
        var queries = new List<SparseVector>(count);
        for (var q = 0; q < count; q++)
        {
            queries.Add(corpus.Query(firstQuery + q, documentCount).Vector);
        }

        return queries;
    }

    private static IEnumerable<SparseVector> Vectors(SyntheticSpladeCorpus corpus, int count)
    {
        for (var d = 0; d < count; d++)
        {
            yield return corpus.DocumentVector(d);
        }
    }
}
