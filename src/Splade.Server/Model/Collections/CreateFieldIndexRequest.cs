using System.Text.Json.Nodes;

namespace Splade.Server.Model.Collections;

/// <summary>The body of <c>PUT /collections/{name}/index</c>.</summary>
internal sealed record CreateFieldIndexRequest
{
    public string? FieldName { get; init; }

    /// <summary>A type name (keyword, integer, float, geo, text, bool, datetime, uuid) or an object with <c>type</c>.</summary>
    public JsonNode? FieldSchema { get; init; }
}
