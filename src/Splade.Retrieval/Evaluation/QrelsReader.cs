using System.Globalization;
using Splade.Retrieval.Input;

namespace Splade.Retrieval.Evaluation;

/// <summary>Reads BEIR qrels files (<c>query-id	corpus-id	score</c> with a header line).</summary>
internal static class QrelsReader
{
    public static Qrels Read(string path, IReadOnlySet<string> queryIds, IReadOnlySet<string> documentIds, out int unknownQueries, out int unknownDocuments)
    {
        var judgments = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        var lineOf = new Dictionary<(string, string), int>();
        var skippedQueries = 0;
        var skippedDocuments = 0;
        using var reader = JsonLinesReader.Open(path);
        while (reader.TryReadLine(out var text))
        {
            var line = reader.LineNumber;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            var fields = text.Split('\t');
            if (line == 1 && fields.Length == 3 && !int.TryParse(fields[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
            {
                continue;
            }

            if (fields.Length != 3)
            {
                throw new InputFormatException(path, line, null, $"expected 3 tab-separated fields (query-id, corpus-id, score), found {fields.Length}");
            }

            var (queryId, documentId) = (fields[0].Trim(), fields[1].Trim());
            if (!int.TryParse(fields[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var grade))
            {
                throw new InputFormatException(path, line, null, $"score \"{fields[2]}\" is not an integer");
            }

            if (queryId.Length == 0 || documentId.Length == 0)
            {
                throw new InputFormatException(path, line, null, "empty query-id or corpus-id");
            }

            if (!queryIds.Contains(queryId))
            {
                skippedQueries++;
                continue;
            }

            if (!documentIds.Contains(documentId))
            {
                skippedDocuments++;
                continue;
            }

            if (!lineOf.TryAdd((queryId, documentId), line))
            {
                throw new InputFormatException(
                    path, line, null, $"query \"{queryId}\" judges document \"{documentId}\" again (first on line {lineOf[(queryId, documentId)]})");
            }

            if (!judgments.TryGetValue(queryId, out var grades))
            {
                grades = new Dictionary<string, int>(StringComparer.Ordinal);
                judgments[queryId] = grades;
            }

            grades[documentId] = grade;
        }
        unknownQueries = skippedQueries;
        unknownDocuments = skippedDocuments;
        return new Qrels(judgments);
    }
}
