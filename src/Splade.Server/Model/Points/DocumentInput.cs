using System.Text.Json.Nodes;

namespace Splade.Server.Model.Points;

/// <summary>A text for the server to encode (<c>{"text": "...", "model": "..."}</c>), wherever a vector may appear.</summary>
/// <param name="Text">The text.</param>
/// <param name="Model">The model's name: <c>splade</c>, a SPLADE model's own name, <c>bm25</c> or a dense model's name.</param>
/// <param name="Options">Model options (BM25's <c>k</c>, <c>b</c>, <c>avg_len</c>).</param>
internal sealed record DocumentInput(string Text, string Model, JsonObject? Options);
