namespace Splade.Server.Storage;

/// <summary>What a query level's search <c>params</c> change (Qdrant's <c>params</c>, docs/SERVER.md "Search params").</summary>
/// <param name="Exact">Search exactly even a sparse vector with an approximate index (Qdrant's <c>exact</c>).</param>
/// <param name="QueryTerms">Overrides the approximate index's query cut for this search, or null.</param>
/// <param name="HeapFactor">Overrides the approximate index's block skipping factor for this search, or null.</param>
internal sealed record SearchParams(bool Exact, int? QueryTerms = null, float? HeapFactor = null)
{
    /// <summary>Whether a search on a vector with an approximate index runs approximately.</summary>
    public static bool Approximately(SearchParams? parameters) => parameters?.Exact != true;
}
