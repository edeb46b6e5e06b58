using System.Text.Json.Nodes;
using Splade.Index.Segments;

namespace Splade.Index.Filters;

/// <summary>Matches when at least a given number of several filters match: all of them (and), one (or), or any count between.</summary>
internal sealed class CombinedFilter : MetadataFilter
{
    private readonly MetadataFilter[] _filters;
    private readonly int _minimum;

    public CombinedFilter(MetadataFilter[] filters, int minimum, string name)
    {
        ArgumentNullException.ThrowIfNull(filters);
        if (filters.Length == 0)
        {
            throw new ArgumentException($"\"{name}\" needs at least one filter.", nameof(filters));
        }

        foreach (var filter in filters)
        {
            ArgumentNullException.ThrowIfNull(filter, nameof(filters));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minimum);
        _filters = filters;
        _minimum = minimum;
    }

    internal override CompiledFilter Compile(TypedMetadata metadata)
        => new CompiledFilter.Combined([.. _filters.Select(filter => filter.Compile(metadata))], _minimum);

    public override bool Matches(JsonObject? metadata)
    {
        var matched = 0;
        for (var i = 0; i < _filters.Length; i++)
        {
            if (_filters[i].Matches(metadata))
            {
                if (++matched == _minimum)
                {
                    return true;
                }
            }
            else if (_filters.Length - i - 1 < _minimum - matched)
            {
                return false;
            }
        }

        return false;
    }
}
