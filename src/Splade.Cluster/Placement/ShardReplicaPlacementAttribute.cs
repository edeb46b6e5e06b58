using Orleans.Placement;

namespace Splade.Cluster.Placement;

/// <summary>Marks a grain class as placed by <see cref="ShardReplicaPlacementDirector"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
internal sealed class ShardReplicaPlacementAttribute : PlacementAttribute
{
    public ShardReplicaPlacementAttribute()
        : base(ShardReplicaPlacement.Instance)
    {
    }
}
