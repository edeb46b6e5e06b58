using System.Text.Json;
using Splade.Encoding;
using Splade.Encoding.Dense;
using Splade.Index;
using Splade.Retrieval.Hybrid;

namespace Splade.Cli.Commands;

/// <summary>
/// <c>splade search --hybrid</c>: one text query searched on both sides of an index whose documents carry dense vectors,
/// the SPLADE side encoded by <c>--model</c> and the dense side by <c>--dense-model</c> (default: the default embedded dense
/// model), fused and explained per hit. The documents' dense vectors must come from the same dense model (as written by
/// <c>splade encode-dense</c> with the same <c>--dense-model</c>): the index does not record which model made them.
/// </summary>
internal static class HybridSearch
{
    public static readonly string[] Methods = ["rrf", "convex", "alpha"];

    public static int Run(SparseIndex index, SpladeEncoder sparseEncoder, string? denseModel, string text, string method, double alpha, int k)
    {
        if (index.DenseDimension == 0)
        {
            throw new FormatException(
                "--hybrid needs an index whose documents carry dense vectors (a \"dense\" array on each line given to `splade index build`, " +
                "e.g. from `splade encode-dense`).");
        }

        using var denseEncoder = DenseModelOption.Load(denseModel);
        if (denseEncoder.Dimension != index.DenseDimension)
        {
            throw new FormatException(
                $"The index's dense vectors have {index.DenseDimension} values but {denseEncoder.ModelName} makes {denseEncoder.Dimension}; search with the " +
                "--dense-model that encoded the documents.");
        }

        var query = new HybridQuery(sparseEncoder.EncodeQuery(text), denseEncoder.EncodeQuery(text));
        var fusion = new FusionOptions
        {
            Method = method switch
            {
                "rrf" => FusionMethod.ReciprocalRank,
                "convex" => FusionMethod.Convex,
                _ => FusionMethod.Alpha,
            },
            Alpha = alpha,
            K = k,
        };
        var searcher = new HybridSearcher(new SparseIndexHybridCorpus(index));
        var hits = searcher.Search(query, fusion);

        using var stdout = Console.OpenStandardOutput();
        using var writer = new Utf8JsonWriter(stdout);
        writer.WriteStartObject();
        writer.WriteString("fusion", fusion.Method.ToString());
        writer.WriteStartArray("results");
        foreach (var hit in hits)
        {
            var explanation = searcher.Explain(query, hit, fusion.Method);
            writer.WriteStartObject();
            writer.WriteString("id", hit.Id);
            writer.WriteNumber("score", hit.Score);
            writer.WriteNumber("sparseScore", explanation.SparseScore);
            if (explanation.DenseSimilarity is { } similarity)
            {
                writer.WriteNumber("denseSimilarity", similarity);
            }
            writer.WriteStartArray("matchedTerms");
            foreach (var term in explanation.Terms)
            {
                writer.WriteStartObject();
                writer.WriteString("term", sparseEncoder.Tokenizer.IdToToken((int)term.TermId));
                writer.WriteNumber("contribution", term.QueryWeight * term.DocumentWeight);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
        stdout.WriteByte((byte)'\n');
        return ExitCodes.Success;
    }
}
