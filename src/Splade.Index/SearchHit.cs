using System.Text.Json.Nodes;

namespace Splade.Index;

/// <summary>One result of a search: a document id and its score.</summary>
/// <param name="Id">The document's id.</param>
/// <param name="Score">The dot product of the query and the document (or the dense inner product for dense search).</param>
/// <remarks>
/// Thread safety: immutable, except the JSON object it carries: System.Text.Json nodes are not thread-safe (not even to read, they are built lazily), so give
/// each thread its own copy (DeepClone) when several read it.
/// </remarks>
public sealed record SearchHit(string Id, float Score)
{
    /// <summary>The document's metadata, when it has any.</summary>
    public JsonObject? Metadata { get; init; }

    /// <summary>The document's text, when it has any.</summary>
    public string? Text { get; init; }
}
