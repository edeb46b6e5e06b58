using System.Text.Json.Nodes;

namespace Splade.Server.Storage;

/// <summary>The metadata a collection stores with each point in every one of its indexes: the point's id, version and vector names
/// beside its payload, so that the engine's filters can test has_id and has_vector as well as payload fields.</summary>
/// <remarks>Shape: <c>{"id": "42", "version": 7, "vectors": ["dense", "text"], "payload": {...}}</c>; payload filters address
/// <c>payload.&lt;key&gt;</c>.</remarks>
internal static class PointEnvelope
{
    public const string IdField = "id";
    public const string VersionField = "version";
    public const string VectorsField = "vectors";
    public const string PayloadField = "payload";
    public const string PayloadPrefix = PayloadField + ".";

    public static JsonObject Build(PointId id, long version, IEnumerable<string> vectors, JsonObject? payload)
    {
        var names = new JsonArray();
        foreach (var name in vectors)
        {
            names.Add(name);
        }

        var envelope = new JsonObject
        {
            [IdField] = id.ToEngineId(),
            [VersionField] = version,
            [VectorsField] = names,
        };
        if (payload is not null)
        {
            envelope[PayloadField] = payload.DeepClone();
        }

        return envelope;
    }

    public static long Version(JsonObject? envelope)
        => envelope?[VersionField] is JsonValue value && value.TryGetValue<long>(out var version) ? version : 0;

    /// <summary>The point's payload (the stored object itself: callers that change it clone it first).</summary>
    public static JsonObject? Payload(JsonObject? envelope) => envelope?[PayloadField] as JsonObject;

    public static IReadOnlyList<string> Vectors(JsonObject? envelope)
        => envelope?[VectorsField] is JsonArray names ? [.. names.Select(n => n!.GetValue<string>())] : [];
}
