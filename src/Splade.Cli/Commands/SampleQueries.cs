using Splade.Core;
using Splade.Index;
using Splade.Retrieval.Input;

namespace Splade.Cli.Commands;

/// <summary>The sample queries approximate tuning runs on: a query file, or documents of the index spread evenly over it.</summary>
internal static class SampleQueries
{
    /// <summary>The vectors of <paramref name="queryFile"/>'s lines, or (with none) of <paramref name="sampleSize"/> documents of
    /// <paramref name="index"/>, evenly spread: read back from the index, so the documents' input (a file or standard input) is read once.</summary>
    /// <exception cref="InputFormatException">The query file is malformed or has no query with a term.</exception>
    public static List<SparseVector> Load(string? queryFile, SparseIndex index, int sampleSize)
    {
        if (queryFile is not null)
        {
            var queries = new List<SparseVector>();
            foreach (var line in JsonLinesReader.ReadObjects(queryFile))
            {
                if (IndexDocumentJsonl.ParseVector(line) is { Count: > 0 } vector)
                {
                    queries.Add(vector);
                }
            }

            return queries.Count > 0 ? queries : throw new InputFormatException(queryFile, 0, null, "no query with a non-zero term to tune on");
        }

        var ids = index.GetIds().Order(StringComparer.Ordinal).ToList();
        var step = Math.Max(1, ids.Count / sampleSize);
        var sample = new List<SparseVector>(Math.Min(sampleSize, ids.Count));
        for (var i = 0; i < ids.Count && sample.Count < sampleSize; i += step)
        {
            if (index.Get(ids[i]) is { Vector.Count: > 0 } document)
            {
                sample.Add(document.Vector);
            }
        }

        return sample;
    }
}
