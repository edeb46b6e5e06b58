using System.Text.Json.Nodes;
using Splade.Cluster.Routing;
using Splade.Server.Storage;

namespace Splade.Cluster.Wire;

/// <summary>An operation of the single-machine API that depends on a shard's state (a condition, a filter, a point's current payload
/// or vectors), as it travels from a router to a shard's primary, which resolves it into point changes against its own state
/// between two writes (<see cref="Resolve"/>).</summary>
[GenerateSerializer]
[Immutable]
internal sealed class ShardOperation
{
    [Id(0)]
    public ShardOperationKind Kind { get; init; }

    /// <summary>The points of an upsert or a vector update.</summary>
    [Id(1)]
    public List<WirePoint> Points { get; init; } = [];

    /// <summary>An upsert's <c>update_mode</c> (an <see cref="UpdateMode"/>).</summary>
    [Id(2)]
    public int Mode { get; init; }

    /// <summary>The selected ids (engine form), or null to select by <see cref="Filter"/>.</summary>
    [Id(3)]
    public List<string>? Ids { get; init; }

    /// <summary>The selection's filter, or an upsert's or vector update's <c>update_filter</c>, as Qdrant JSON.</summary>
    [Id(4)]
    public string? Filter { get; init; }

    /// <summary>The payload to set (a JSON object); for <see cref="ShardOperationKind.PayloadIndexes"/>, the indexes to set by field
    /// (a schema, or null to delete the field's index).</summary>
    [Id(5)]
    public string? Payload { get; init; }

    /// <summary>The vector names to delete, or the payload keys to delete.</summary>
    [Id(6)]
    public List<string> Names { get; init; } = [];

    /// <summary>The operation's point changes, resolved against <paramref name="collection"/>'s state when the returned function
    /// runs (under its write gate); checks of the request itself (vectors, names) are made now.</summary>
    /// <exception cref="StoreException">The request is refused (a vector, a name or a filter).</exception>
    public Func<List<PointChange>> Resolve(Collection collection)
    {
        var selection = new PointSelection(Ids?.Select(PointId.FromEngineId).ToList(), FilterText.Parse(Filter));
        return Kind switch
        {
            ShardOperationKind.Upsert => collection.UpsertChanges([.. Points.Select(point => point.ToInput())], (UpdateMode)Mode, selection.Filter),
            ShardOperationKind.UpdateVectors => collection.VectorUpdateChanges([.. Points.Select(point => point.ToInput())], selection.Filter),
            ShardOperationKind.DeleteVectors => collection.VectorDeletionChanges(selection, Names),
            ShardOperationKind.Delete => collection.DeletionChanges(selection),
            ShardOperationKind.SetPayload => collection.PayloadSetChanges(selection, ReadPayload(), overwrite: false),
            ShardOperationKind.OverwritePayload => collection.PayloadSetChanges(selection, ReadPayload(), overwrite: true),
            ShardOperationKind.DeletePayloadKeys => collection.PayloadKeyDeletionChanges(selection, Names),
            ShardOperationKind.ClearPayload => collection.PayloadClearChanges(selection),
            _ => throw StoreException.Unsupported($"Bad request: a shard cannot resolve a {Kind} operation into point changes."),
        };
    }

    /// <summary>For <see cref="ShardOperationKind.PayloadIndexes"/>: the collection's payload indexes with this operation's changes.</summary>
    public IReadOnlyDictionary<string, JsonNode> ChangeIndexes(IReadOnlyDictionary<string, JsonNode> indexes)
    {
        var changed = new Dictionary<string, JsonNode>(indexes, StringComparer.Ordinal);
        foreach (var (field, schema) in ReadPayload())
        {
            if (schema is null)
            {
                changed.Remove(field);
            }
            else
            {
                changed[field] = schema.DeepClone();
            }
        }

        return changed;
    }

    private JsonObject ReadPayload() => Payload is null ? new JsonObject() : JsonNode.Parse(Payload)!.AsObject();
}
