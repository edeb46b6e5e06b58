namespace Splade.Server.Model.Filters;

/// <summary>At least <paramref name="MinCount"/> of <paramref name="Conditions"/> must match.</summary>
internal sealed record MinShould(IReadOnlyList<Condition> Conditions, int MinCount);
