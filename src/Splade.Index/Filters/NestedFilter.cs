using System.Text.Json.Nodes;
using Splade.Index.Segments;

namespace Splade.Index.Filters;

/// <summary>Matches when one object among the field's values (an array of objects, each tested on its own) satisfies the inner filter,
/// whose field paths start at that object.</summary>
internal sealed class NestedFilter : MetadataFilter
{
    private readonly FieldPath _path;
    private readonly MetadataFilter _inner;

    public NestedFilter(string field, MetadataFilter inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _path = FieldPath.Parse(field);
        _inner = inner;
    }

    internal override CompiledFilter Compile(TypedMetadata metadata)
        => new CompiledFilter.Nested(_path.Compile(metadata), _inner.Compile(metadata), metadata);

    public override bool Matches(JsonObject? metadata)
    {
        var values = new List<JsonNode?>(1);
        _path.Collect(metadata, values);
        foreach (var value in values)
        {
            if (value is JsonObject single && _inner.Matches(single))
            {
                return true;
            }

            if (value is JsonArray array)
            {
                foreach (var element in array)
                {
                    if (element is JsonObject obj && _inner.Matches(obj))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }
}
