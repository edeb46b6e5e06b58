using System.Text.Json.Nodes;
using Splade.Index.Segments;

namespace Splade.Index.Filters;

/// <summary>A condition on one metadata field: matches when any value the path reaches passes, an array's elements counting one by one.</summary>
internal sealed class FieldFilter : MetadataFilter
{
    private readonly FieldPath _path;
    private readonly FieldCondition _condition;

    public FieldFilter(string field, FieldCondition condition)
    {
        _path = FieldPath.Parse(field);
        _condition = condition;
    }

    internal override CompiledFilter Compile(TypedMetadata metadata)
        => new CompiledFilter.Field(_path.Compile(metadata), _condition.Compile(metadata), metadata);

    public override bool Matches(JsonObject? metadata)
    {
        var values = new List<JsonNode?>(1);
        _path.Collect(metadata, values);
        foreach (var value in values)
        {
            if (value is JsonArray array)
            {
                foreach (var element in array)
                {
                    if (_condition.Matches(element))
                    {
                        return true;
                    }
                }
            }
            else if (_condition.Matches(value))
            {
                return true;
            }
        }

        return false;
    }
}
