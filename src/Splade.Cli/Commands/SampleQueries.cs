using Splade.Core;
using Splade.Index;
using Splade.Index.Jsonl;

namespace Splade.Cli.Commands;

/// <summary>The sample queries approximate tuning runs on: a query file, or documents of the input spread evenly over it.</summary>
internal static class SampleQueries
{
    public static List<SparseVector> Load(string? queryFile, string documentFile, int sampleSize)
    {
        if (queryFile is not null)
        {
            var queries = IndexDocumentJsonl.ReadFile(queryFile).Select(static query => query.Vector).Where(static vector => vector.Count > 0).ToList();
            return queries.Count > 0 ? queries : throw new FormatException($"{queryFile}: no query with a non-zero term to tune on.");
        }

        if (sampleSize < 1)
        {
            throw new FormatException($"--tune-sample must be at least 1; got {sampleSize}.");
        }

        var documents = IndexDocumentJsonl.ReadFile(documentFile).Select(static document => document.Vector).Where(static vector => vector.Count > 0).ToList();
        var step = Math.Max(1, documents.Count / sampleSize);
        var sample = new List<SparseVector>(Math.Min(sampleSize, documents.Count));
        for (var i = 0; i < documents.Count && sample.Count < sampleSize; i += step)
        {
            sample.Add(documents[i]);
        }

        return sample;
    }
}
