namespace Splade.Server.Storage;

/// <summary>Which vectors a read returns (Qdrant's <c>with_vector</c>): none, all, or the named ones.</summary>
/// <param name="All">Every vector of the point.</param>
/// <param name="Names">Only these (when <paramref name="All"/> is false); null or empty for none.</param>
internal sealed record VectorSelector(bool All, IReadOnlyList<string>? Names = null)
{
    public static VectorSelector None { get; } = new(false);

    public static VectorSelector Everything { get; } = new(true);

    public bool Any => All || Names is { Count: > 0 };

    public bool Wants(string name) => All || (Names?.Contains(name, StringComparer.Ordinal) ?? false);
}
