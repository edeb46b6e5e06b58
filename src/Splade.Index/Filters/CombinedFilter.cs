using System.Text.Json.Nodes;

namespace Splade.Index.Filters;

/// <summary>The conjunction or disjunction of several filters.</summary>
internal sealed class CombinedFilter : MetadataFilter
{
    private readonly MetadataFilter[] _filters;
    private readonly bool _requireAll;

    public CombinedFilter(MetadataFilter[] filters, bool requireAll)
    {
        ArgumentNullException.ThrowIfNull(filters);
        if (filters.Length == 0)
        {
            throw new ArgumentException($"\"{(requireAll ? "and" : "or")}\" needs at least one filter.", nameof(filters));
        }

        foreach (var filter in filters)
        {
            ArgumentNullException.ThrowIfNull(filter, nameof(filters));
        }

        _filters = filters;
        _requireAll = requireAll;
    }

    public override bool Matches(JsonObject? metadata)
    {
        foreach (var filter in _filters)
        {
            if (filter.Matches(metadata) != _requireAll)
            {
                return !_requireAll;
            }
        }

        return _requireAll;
    }
}
