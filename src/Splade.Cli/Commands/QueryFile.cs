using System.Text.Json;
using System.Text.Json.Nodes;
using Splade.Core;
using Splade.Index;
using Splade.Index.Jsonl;

namespace Splade.Cli.Commands;

/// <summary>
/// A batch of search queries read from JSON lines: <c>{"id","indices","values"}</c> or <c>{"id","text"}</c>, which the encoder turns into vectors.
/// </summary>
internal static class QueryFile
{
    public static List<(string Id, SparseVector Vector)> Read(string path, TextQueryEncoder encoder)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The query file {path} does not exist.", path);
        }

        var queries = new List<(string, SparseVector)>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var where = $"{path}:{lineNumber}";
            if (AsTextQuery(line, where) is { } query)
            {
                queries.Add((query.Id, encoder(query.Text)));
            }
            else
            {
                var document = IndexDocumentJsonl.ParseLine(line, where);
                queries.Add((document.Id, document.Vector));
            }
        }

        return queries;
    }

    /// <summary>The id and text of a <c>{"id","text"}</c> line; null for a vector line, which the index's line parser reads.</summary>
    private static (string Id, string Text)? AsTextQuery(string line, string where)
    {
        try
        {
            if (JsonNode.Parse(line) is not JsonObject query || query.ContainsKey("indices") || query["text"] is not JsonValue text)
            {
                return null;
            }

            var id = query["id"] is JsonValue idValue && idValue.GetValueKind() == JsonValueKind.String
                ? idValue.GetValue<string>()
                : throw new FormatException($"{where}: field \"id\" must be a string.");
            return (id, text.GetValue<string>());
        }
        catch (JsonException error)
        {
            throw new FormatException($"{where}: not a JSON object ({error.Message}).", error);
        }
        catch (InvalidOperationException error)
        {
            throw new FormatException($"{where}: field \"text\" must be a string.", error);
        }
    }
}
