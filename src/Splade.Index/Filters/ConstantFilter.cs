using System.Text.Json.Nodes;
using Splade.Index.Segments;

namespace Splade.Index.Filters;

/// <summary>A filter that matches every document, or none.</summary>
internal sealed class ConstantFilter(bool result) : MetadataFilter
{
    public override bool Matches(JsonObject? metadata) => result;

    internal override CompiledFilter Compile(TypedMetadata metadata) => new CompiledFilter.Constant(result);
}
