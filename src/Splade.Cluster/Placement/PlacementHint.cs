using Orleans.Runtime.Placement;

namespace Splade.Cluster.Placement;

/// <summary>Calls a grain with a placement hint naming the silo it must live on (read by <see cref="ShardReplicaPlacementDirector"/>
/// when the call activates it).</summary>
internal static class PlacementHint
{
    public static async Task<T> CallOn<T>(SiloAddress silo, Func<Task<T>> call)
    {
        // The request context is async-local: set here, it travels with this call only and is gone when this method returns.
        RequestContext.Set(IPlacementDirector.PlacementHintKey, silo);
        try
        {
            return await call().ConfigureAwait(false);
        }
        finally
        {
            RequestContext.Remove(IPlacementDirector.PlacementHintKey);
        }
    }

    public static Task CallOn(SiloAddress silo, Func<Task> call)
        => CallOn(silo, async () =>
        {
            await call().ConfigureAwait(false);
            return true;
        });
}
