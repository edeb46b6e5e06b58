using System.Text.Json.Nodes;

namespace Splade.Server.Model.Collections;

/// <summary>One sparse vector's parameters.</summary>
internal sealed record SparseVectorParamsInput
{
    public JsonObject? Index { get; init; }

    public string? Modifier { get; init; }
}
