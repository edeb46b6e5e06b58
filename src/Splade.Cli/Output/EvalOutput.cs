using System.Text.Json.Serialization;
using Splade.Retrieval.Evaluation;

namespace Splade.Cli.Output;

/// <summary>What <c>splade eval</c> prints for one (collection, method) run: mean metrics under their usual IR names, timings,
/// loading counts, and for learned sparse methods the mean non-zero terms per document and per query.</summary>
internal sealed record EvalOutput(
    string Dataset,
    string Method,
    int Queries,
    [property: JsonPropertyName("ndcg@10")] double NdcgAt10,
    [property: JsonPropertyName("mrr@10")] double MrrAt10,
    [property: JsonPropertyName("recall@100")] double RecallAt100,
    [property: JsonPropertyName("recall@1000")] double RecallAt1000,
    [property: JsonPropertyName("p@10")] double PrecisionAt10,
    double Map,
    double IndexSeconds,
    double SearchMsP50,
    double SearchMsP95,
    int SkippedJudgmentsUnknownQuery,
    int SkippedJudgmentsUnknownDocument,
    int QueriesWithoutJudgments,
    int EmptyDocuments)
{
    public double? DocumentTermsMean { get; init; }

    public double? QueryTermsMean { get; init; }

    /// <summary>With <c>--dataset</c>: the analyzer of the lexical methods.</summary>
    public string? Analyzer { get; init; }

    public float? K1 { get; init; }

    public float? B { get; init; }

    public static EvalOutput From(EvaluationReport report)
    {
        var mean = report.Metrics.Mean;
        return new EvalOutput(
            report.Dataset,
            report.Method,
            report.Metrics.PerQuery.Count,
            Math.Round(mean.NdcgAt10, 6),
            Math.Round(mean.MrrAt10, 6),
            Math.Round(mean.RecallAt100, 6),
            Math.Round(mean.RecallAt1000, 6),
            Math.Round(mean.PrecisionAt10, 6),
            Math.Round(mean.Map, 6),
            Math.Round(report.IndexSeconds, 3),
            Math.Round(report.SearchMillisecondsP50, 3),
            Math.Round(report.SearchMillisecondsP95, 3),
            report.Load.JudgmentsForUnknownQueries,
            report.Load.JudgmentsForUnknownDocuments,
            report.Load.QueriesWithoutJudgments,
            report.Load.EmptyDocuments)
        {
            DocumentTermsMean = report.MeanDocumentTerms is { } documentTerms ? Math.Round(documentTerms, 2) : null,
            QueryTermsMean = report.MeanQueryTerms is { } queryTerms ? Math.Round(queryTerms, 2) : null,
        };
    }
}
