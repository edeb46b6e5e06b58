using Splade.Cluster.Wire;
using Splade.Server.Storage;

namespace Splade.Cluster.Grains;

/// <summary>What a write does to the replica's collection. Plain upserts and deletes by id set final point states, so every replica
/// applies them as they are. An operation that depends on the shard's state (<see cref="ShardOperation"/>: a condition, a filter, a
/// point's current payload) is resolved by the primary alone, between two writes, into point changes; the backups (and replicas
/// being built) apply those changes, never the operation, so no replica evaluates a filter of its own and none can diverge.</summary>
internal sealed partial class ShardReplicaGrain
{
    public Task<long[]> CountWithFieldsAsync(string[] fields)
        => ShardException.Wrap(() =>
        {
            var collection = Open();
            return Task.FromResult(Array.ConvertAll(fields, collection.CountWithField));
        });

    /// <returns>The write as the backups apply it.</returns>
    private static async Task<ShardWrite> ApplyToAsync(Collection collection, ShardWrite write, bool primary)
    {
        if (write.Changes is { } encoded)
        {
            await collection.ApplyChangesAsync(PointChangeCodec.Decode(encoded).Changes).ConfigureAwait(true);
            return write;
        }

        if (write.Operation is { Kind: ShardOperationKind.PayloadIndexes } indexes)
        {
            // A change of the collection's configuration: the same on every replica whatever its points.
            await collection.UpdatePayloadIndexesAsync(indexes.ChangeIndexes).ConfigureAwait(true);
            return write;
        }

        if (write.Operation is { } operation)
        {
            if (!primary)
            {
                throw new StoreException(StoreErrorKind.Unavailable,
                    "Service unavailable: a shard's backup was sent an operation its primary had not resolved; the write is refused.");
            }

            var (_, changes) = await collection.WriteResolvedAsync(operation.Resolve(collection)).ConfigureAwait(true);
            return write with { Operation = null, Changes = PointChangeCodec.Encode(0, changes) };
        }

        if (write.Upserts.Count > 0)
        {
            await collection.UpsertAsync([.. write.Upserts.Select(point => point.ToInput())]).ConfigureAwait(true);
        }

        if (write.Deletes.Count > 0)
        {
            await collection.DeleteAsync(new PointSelection([.. write.Deletes.Select(PointId.FromEngineId)], null)).ConfigureAwait(true);
        }

        return write;
    }
}
