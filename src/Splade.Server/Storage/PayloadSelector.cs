using System.Text.Json.Nodes;

namespace Splade.Server.Storage;

/// <summary>Which payload a read returns (Qdrant's <c>with_payload</c>): none, all, only some keys, or all but some keys.</summary>
/// <param name="Enabled">Whether any payload is returned.</param>
/// <param name="Include">When set, only these keys.</param>
/// <param name="Exclude">When set, every key but these.</param>
internal sealed record PayloadSelector(bool Enabled, IReadOnlyList<string>? Include = null, IReadOnlyList<string>? Exclude = null)
{
    public static PayloadSelector All { get; } = new(true);

    public static PayloadSelector None { get; } = new(false);

    /// <summary>The payload to return for a stored one; null when none is selected (a point without payload returns an empty object).</summary>
    public JsonObject? Apply(JsonObject? payload)
    {
        if (!Enabled)
        {
            return null;
        }

        payload ??= [];
        if (Include is { } include)
        {
            return PayloadPaths.Include(payload, include);
        }

        var copy = (JsonObject)payload.DeepClone();
        foreach (var key in Exclude ?? [])
        {
            PayloadPaths.Remove(copy, key);
        }

        return copy;
    }
}
