namespace Splade.Retrieval.Evaluation;

/// <summary>What loading a test collection skipped or noticed, so evaluations can report it.</summary>
/// <param name="JudgmentsForUnknownQueries">Qrels rows naming a query absent from the queries file; skipped.</param>
/// <param name="JudgmentsForUnknownDocuments">Qrels rows naming a document absent from the corpus; skipped.</param>
/// <param name="EmptyDocuments">Documents with neither title nor text; kept, they can never match.</param>
/// <param name="QueriesWithoutJudgments">Queries with no relevant judgment; they are left out of metric averages.</param>
/// <remarks>Thread safety: an immutable value; it may be shared between threads.</remarks>
public sealed record DatasetLoadReport(
    int JudgmentsForUnknownQueries,
    int JudgmentsForUnknownDocuments,
    int EmptyDocuments,
    int QueriesWithoutJudgments);
