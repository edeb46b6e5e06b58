using Splade.Server.Model.Points;

namespace Splade.Server.Model.Queries;

/// <summary>The result of a Query API request.</summary>
/// <param name="Points">The scored points, best first.</param>
internal sealed record QueryResponse(IReadOnlyList<ScoredPointOutput> Points);
