namespace Splade.Server.Model.Queries;

/// <summary>The body of <c>POST /collections/{name}/points/query/batch</c>.</summary>
internal sealed record QueryBatchRequest
{
    public IReadOnlyList<QueryRequest>? Searches { get; init; }
}
