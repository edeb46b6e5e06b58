using System.Text.Json;
using System.Text.Json.Nodes;
using Splade.Cli.Grammar;
using Splade.Core;
using Splade.Retrieval.Input;

namespace Splade.Cli.Search;

/// <summary>One query of <c>splade search</c>: its text, its vectors, or both; the sides a mode needs and the query lacks are encoded
/// from its text (<see cref="QueryEncoders"/>).</summary>
internal sealed class SearchQuery
{
    /// <summary>The query's id (batch queries), or null.</summary>
    public string? Id { get; init; }

    /// <summary>The query's text, when it has one.</summary>
    public string? Text { get; init; }

    /// <summary>The sparse query vector, given or encoded.</summary>
    public SparseVector? Sparse { get; set; }

    /// <summary>The dense query vector, given or embedded.</summary>
    public float[]? Dense { get; set; }

    /// <summary>Whether <see cref="Sparse"/> was encoded from the text (so its terms can be named with the model's vocabulary).</summary>
    public bool SparseFromText { get; set; }

    /// <summary>The line the query was read from (batch queries), for error messages.</summary>
    public JsonLine? Line { get; init; }

    /// <summary>Reads <c>--vector-json</c>: an object with <c>"indices"</c> and <c>"values"</c>, a <c>"dense"</c> array, or both.</summary>
    /// <exception cref="InputFormatException">The JSON is not such an object.</exception>
    public static SearchQuery FromVectorJson(string json)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException error)
        {
            var at = error.BytePositionInLine is { } position ? $" (near byte {position + 1})" : string.Empty;
            throw new InputFormatException("--vector-json", 0, null, $"not valid JSON{at}", error);
        }

        if (node is not JsonObject obj)
        {
            throw new InputFormatException("--vector-json", 0, null, "expected a JSON object such as {\"indices\":[...],\"values\":[...]}");
        }

        var line = new JsonLine("--vector-json", 0, obj);
        var query = FromVectors(line);
        return query.Sparse is null && query.Dense is null
            ? throw line.Error("needs \"indices\" and \"values\" (a sparse query), \"dense\" (a dense query), or both")
            : query;
    }

    /// <summary>Reads a line of a query file: <c>"id"</c> with <c>"text"</c>, vectors (as <c>--vector-json</c>), or both.</summary>
    /// <exception cref="InputFormatException">The line has no id, neither text nor vectors, or a malformed field.</exception>
    public static SearchQuery FromLine(JsonLine line)
    {
        var id = line.GetString("id", required: true, numberAsText: true)!;
        var text = line.GetString("text", required: false);
        var vectors = FromVectors(line);
        return vectors.Sparse is null && vectors.Dense is null && text is null
            ? throw line.Error("a query needs \"text\", or vectors (\"indices\" and \"values\", or \"dense\")")
            : new SearchQuery { Id = id, Text = text, Sparse = vectors.Sparse, Dense = vectors.Dense, Line = line };
    }

    /// <summary>A problem with this query: at its line for batch queries, else a usage error (the query came on the command line).</summary>
    public Exception Error(string problem, string? field = null) =>
        Line is { } line ? line.Error(problem, field) : new UsageException(problem);

    private static SearchQuery FromVectors(JsonLine line)
    {
        var hasSparse = line.Record.ContainsKey("indices") || line.Record.ContainsKey("values");
        return new SearchQuery
        {
            Sparse = hasSparse ? IndexDocumentJsonl.ParseVector(line) : null,
            Dense = IndexDocumentJsonl.ParseDense(line),
        };
    }
}
