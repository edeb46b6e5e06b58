using System.Text.Json.Nodes;

namespace Splade.Index.Filters;

/// <summary>A condition on one (possibly nested, possibly array-valued) metadata field.</summary>
internal sealed class FieldFilter : MetadataFilter
{
    private readonly string[] _path;
    private readonly FieldCondition _condition;

    public FieldFilter(string field, FieldCondition condition)
    {
        ArgumentException.ThrowIfNullOrEmpty(field);
        _path = field.Split('.');
        _condition = condition;
    }

    public override bool Matches(JsonObject? metadata)
    {
        JsonNode? node = metadata;
        foreach (var part in _path)
        {
            if (node is not JsonObject obj || !obj.TryGetPropertyValue(part, out node))
            {
                return false;
            }
        }

        if (node is JsonArray array)
        {
            foreach (var element in array)
            {
                if (element is JsonValue value && _condition.Matches(value))
                {
                    return true;
                }
            }

            return false;
        }

        return node is JsonValue single && _condition.Matches(single);
    }
}
