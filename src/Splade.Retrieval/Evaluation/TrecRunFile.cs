using System.Globalization;
using Splade.Retrieval.Input;
using Splade.Index;

namespace Splade.Retrieval.Evaluation;

/// <summary>Reads and writes runs in the TREC format: one line per result, <c>qid Q0 docid rank score tag</c>.</summary>
/// <remarks>Thread safety: every member may be called from any thread at the same time; it keeps no mutable state.</remarks>
public static class TrecRunFile
{
    /// <summary>Writes <paramref name="run"/>, queries in ordinal id order, each query's results in trec_eval order.</summary>
    /// <param name="run">The run.</param>
    /// <param name="writer">Where to write.</param>
    /// <param name="tag">The run tag in the last column; no whitespace.</param>
    public static void Write(TrecRun run, TextWriter writer, string tag)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentException.ThrowIfNullOrWhiteSpace(tag);
        if (tag.AsSpan().IndexOfAny(" \t\r\n") >= 0)
        {
            throw new ArgumentException($"The run tag \"{tag}\" must not contain whitespace.", nameof(tag));
        }

        var queryIds = new List<string>(run.QueryIds);
        queryIds.Sort(StringComparer.Ordinal);
        foreach (var queryId in queryIds)
        {
            var results = run.ResultsOf(queryId);
            for (var i = 0; i < results.Count; i++)
            {
                writer.Write(string.Create(CultureInfo.InvariantCulture, $"{queryId} Q0 {results[i].Id} {i + 1} {results[i].Score:R} {tag}\n"));
            }
        }
    }

    /// <summary>Writes <paramref name="run"/> to a file, replacing it only once the whole run is written.</summary>
    /// <param name="run">The run.</param>
    /// <param name="path">The file.</param>
    /// <param name="tag">The run tag.</param>
    public static void Write(TrecRun run, string path, string tag)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var temporary = path + ".tmp";
        using (var writer = new StreamWriter(temporary))
        {
            Write(run, writer, tag);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Reads a run file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The run.</returns>
    /// <exception cref="InputFormatException">A line is malformed, or a query lists a document twice.</exception>
    public static TrecRun Read(string path)
    {
        var byQuery = new Dictionary<string, List<SearchHit>>(StringComparer.Ordinal);
        var seen = new HashSet<(string, string)>();
        using var reader = JsonLinesReader.Open(path);
        while (reader.TryReadLine(out var text))
        {
            var line = reader.LineNumber;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            var fields = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 6)
            {
                throw new InputFormatException(path, line, null, $"expected 6 fields (qid Q0 docid rank score tag), found {fields.Length}");
            }

            if (!int.TryParse(fields[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
            {
                throw new InputFormatException(path, line, null, $"rank \"{fields[3]}\" is not an integer");
            }

            if (!float.TryParse(fields[4], NumberStyles.Float, CultureInfo.InvariantCulture, out var score) || !float.IsFinite(score))
            {
                throw new InputFormatException(path, line, null, $"score \"{fields[4]}\" is not a finite number");
            }

            if (!seen.Add((fields[0], fields[2])))
            {
                throw new InputFormatException(path, line, null, $"query \"{fields[0]}\" lists document \"{fields[2]}\" twice");
            }

            if (!byQuery.TryGetValue(fields[0], out var results))
            {
                results = [];
                byQuery[fields[0]] = results;
            }

            results.Add(new SearchHit(fields[2], score));
        }

        var run = new TrecRun();
        foreach (var (queryId, results) in byQuery)
        {
            run.Set(queryId, results);
        }

        return run;
    }
}
