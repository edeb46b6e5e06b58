using System.Text.Json.Nodes;
using Splade.Index.Segments;

namespace Splade.Index.Filters;

/// <summary>The complement of a filter.</summary>
internal sealed class NegatedFilter(MetadataFilter inner) : MetadataFilter
{
    private readonly MetadataFilter _inner = inner ?? throw new ArgumentNullException(nameof(inner));

    public override bool Matches(JsonObject? metadata) => !_inner.Matches(metadata);

    internal override CompiledFilter Compile(TypedMetadata metadata) => new CompiledFilter.Negated(_inner.Compile(metadata));
}
