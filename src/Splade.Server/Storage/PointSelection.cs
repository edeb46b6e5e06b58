using Splade.Server.Model.Filters;

namespace Splade.Server.Storage;

/// <summary>Which points an operation applies to: listed ids, or those a filter matches.</summary>
/// <param name="Ids">The ids, or null to select by <paramref name="Filter"/>.</param>
/// <param name="Filter">The filter, used when <paramref name="Ids"/> is null (null matches every point).</param>
internal sealed record PointSelection(IReadOnlyList<PointId>? Ids, Filter? Filter);
