namespace Splade.Server.Model.Filters;

/// <summary>The <c>values_count</c> bounds of a field condition.</summary>
internal sealed record CountRange(int? Gt, int? Gte, int? Lt, int? Lte);
