using System.Text.Json.Nodes;

namespace Splade.Retrieval.Evaluation;

/// <summary>The JSON form of an <see cref="EvaluationReport"/>: mean metrics, timings and loading counts.</summary>
/// <remarks>Field names follow the usual IR notation: <c>ndcg@10</c>, <c>mrr@10</c>, <c>recall@100</c>,
/// <c>recall@1000</c>, <c>p@10</c>, <c>map</c>, plus <c>queries</c> (the number averaged over),
/// <c>index_seconds</c>, <c>search_ms_p50</c> and <c>search_ms_p95</c>; learned sparse methods add <c>document_terms_mean</c> and
/// <c>query_terms_mean</c>, the mean non-zero terms per document and per query vector.
/// <para>Thread safety: every member may be called from any thread at the same time; it keeps no mutable state.</para>
/// </remarks>
public static class EvaluationReportJson
{
    /// <summary>Builds the JSON object of <paramref name="report"/>.</summary>
    /// <param name="report">The report.</param>
    /// <returns>A new JSON object.</returns>
    public static JsonObject ToJson(EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var mean = report.Metrics.Mean;
        var json = new JsonObject
        {
            ["dataset"] = report.Dataset,
            ["method"] = report.Method,
            ["queries"] = report.Metrics.PerQuery.Count,
            ["ndcg@10"] = Round(mean.NdcgAt10),
            ["mrr@10"] = Round(mean.MrrAt10),
            ["recall@100"] = Round(mean.RecallAt100),
            ["recall@1000"] = Round(mean.RecallAt1000),
            ["p@10"] = Round(mean.PrecisionAt10),
            ["map"] = Round(mean.Map),
            ["index_seconds"] = Math.Round(report.IndexSeconds, 3),
            ["search_ms_p50"] = Math.Round(report.SearchMillisecondsP50, 3),
            ["search_ms_p95"] = Math.Round(report.SearchMillisecondsP95, 3),
            ["skipped_judgments_unknown_query"] = report.Load.JudgmentsForUnknownQueries,
            ["skipped_judgments_unknown_document"] = report.Load.JudgmentsForUnknownDocuments,
            ["queries_without_judgments"] = report.Load.QueriesWithoutJudgments,
            ["empty_documents"] = report.Load.EmptyDocuments,
        };
        if (report.MeanDocumentTerms is { } documentTerms)
        {
            json["document_terms_mean"] = Math.Round(documentTerms, 2);
        }

        if (report.MeanQueryTerms is { } queryTerms)
        {
            json["query_terms_mean"] = Math.Round(queryTerms, 2);
        }

        return json;
    }

    private static double Round(double value) => Math.Round(value, 6);
}
