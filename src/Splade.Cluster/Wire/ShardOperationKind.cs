namespace Splade.Cluster.Wire;

/// <summary>What a <see cref="ShardOperation"/> does.</summary>
[GenerateSerializer]
internal enum ShardOperationKind
{
    /// <summary>An upsert with <c>update_mode</c> <c>insert_only</c> or <c>update_only</c>, or with an <c>update_filter</c>.</summary>
    Upsert,

    /// <summary>Replaces named vectors of existing points (refused when one does not exist).</summary>
    UpdateVectors,

    /// <summary>Removes named vectors from the selected points.</summary>
    DeleteVectors,

    /// <summary>Deletes the selected points.</summary>
    Delete,

    /// <summary>Sets payload keys of the selected points.</summary>
    SetPayload,

    /// <summary>Replaces the whole payload of the selected points.</summary>
    OverwritePayload,

    /// <summary>Removes payload keys of the selected points.</summary>
    DeletePayloadKeys,

    /// <summary>Removes the whole payload of the selected points.</summary>
    ClearPayload,

    /// <summary>Creates or deletes payload indexes (the collection's configuration, on every replica).</summary>
    PayloadIndexes,
}
