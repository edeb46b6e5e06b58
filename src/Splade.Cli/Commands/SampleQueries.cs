using Splade.Core;
using Splade.Retrieval.Input;

namespace Splade.Cli.Commands;

/// <summary>The sample queries approximate tuning runs on, from a query file (without one, the build samples documents itself).</summary>
internal static class SampleQueries
{
    /// <summary>The vectors of <paramref name="queryFile"/>'s lines.</summary>
    /// <exception cref="InputFormatException">The query file is malformed or has no query with a term.</exception>
    public static List<SparseVector> Load(string queryFile)
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
}
