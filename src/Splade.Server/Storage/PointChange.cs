using System.Text.Json.Nodes;

namespace Splade.Server.Storage;

/// <summary>One point's part of a write, resolved to final values so that applying it again gives the same result: the unit the
/// collection's log records and its indexes apply.</summary>
/// <param name="Id">The point.</param>
internal sealed record PointChange(PointId Id)
{
    /// <summary>The point is removed (every other member is ignored).</summary>
    public bool Delete { get; init; }

    /// <summary>Whether <see cref="Payload"/> replaces the point's payload (otherwise it is kept).</summary>
    public bool PayloadSet { get; init; }

    /// <summary>The whole new payload, when <see cref="PayloadSet"/>; null means no payload.</summary>
    public JsonObject? Payload { get; init; }

    /// <summary>Whether vectors not named in <see cref="Vectors"/> are removed (an upsert) rather than kept (a vector update).</summary>
    public bool ReplaceVectors { get; init; }

    /// <summary>New vectors by name; a null value removes that vector.</summary>
    public IReadOnlyDictionary<string, VectorValue?> Vectors { get; init; } = Empty;

    private static readonly Dictionary<string, VectorValue?> Empty = new(StringComparer.Ordinal);

    public static PointChange Deletion(PointId id) => new(id) { Delete = true };
}
