using Splade.Index.Segments;

namespace Splade.Index.Filters;

/// <summary>A <see cref="FieldCondition"/> resolved against one segment's typed metadata: listed strings are string ids of the
/// segment's pool, dates were read when the segment was written, so testing a value reads integers and doubles.</summary>
internal sealed class CompiledCondition(
    TypedMetadata metadata, CompiledCondition.Test test, CompiledCondition.Listed listed, string? text, CompiledCondition.Bounds bounds)
{
    public enum Test
    {
        AnyOf,
        NoneOf,
        Range,
        DateRange,
        Contains,
        StartsWith,
    }

    /// <summary>Whether one value passes, as <see cref="FieldCondition.Matches"/> decides for the same JSON value.</summary>
    public bool Matches(int node)
    {
        var kind = metadata.Kind(node);
        if (test == Test.NoneOf)
        {
            return kind != MetadataKind.Null && (kind >= MetadataKind.Array || !listed.Contains(metadata, node, kind));
        }

        return test switch
        {
            Test.AnyOf => kind < MetadataKind.Array && listed.Contains(metadata, node, kind),
            Test.Range => kind == MetadataKind.Number && bounds.Contain(metadata.Number(node)),
            Test.DateRange => kind == MetadataKind.String && metadata.DateTicks(metadata.StringId(node)) is var ticks
                && !double.IsNaN(ticks) && bounds.Contain(ticks),
            Test.Contains => kind == MetadataKind.String && metadata.String(metadata.StringId(node)).Contains(text, StringComparison.Ordinal),
            _ => kind == MetadataKind.String && metadata.String(metadata.StringId(node)).StartsWith(text, StringComparison.Ordinal),
        };
    }

    /// <summary>The scalars a membership test lists: string ids and numbers, each sorted, and the two booleans.</summary>
    public sealed record Listed(int[] Strings, double[] Numbers, bool True, bool False)
    {
        public bool Contains(TypedMetadata metadata, int node, MetadataKind kind) => kind switch
        {
            MetadataKind.String => Array.BinarySearch(Strings, metadata.StringId(node)) >= 0,
            MetadataKind.Number => Array.BinarySearch(Numbers, metadata.Number(node)) >= 0,
            MetadataKind.True => True,
            MetadataKind.False => False,
            _ => false,
        };
    }

    /// <summary>A range with optional, inclusive or exclusive bounds.</summary>
    public readonly record struct Bounds(double? Min, double? Max, bool MinInclusive, bool MaxInclusive)
    {
        public bool Contain(double number)
        {
            if (Min is double min && (number < min || (!MinInclusive && number == min)))
            {
                return false;
            }

            return Max is not double max || (number <= max && (MaxInclusive || number != max));
        }
    }
}
