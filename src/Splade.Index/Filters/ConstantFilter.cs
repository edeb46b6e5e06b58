using System.Text.Json.Nodes;

namespace Splade.Index.Filters;

/// <summary>A filter that matches every document, or none.</summary>
internal sealed class ConstantFilter(bool result) : MetadataFilter
{
    public override bool Matches(JsonObject? metadata) => result;
}
