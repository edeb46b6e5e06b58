using Microsoft.Extensions.DependencyInjection;
using Splade.Cluster.Hosting;
using Splade.Cluster.Placement;
using Splade.Cluster.Wire;
using Splade.Server.Storage;

namespace Splade.Cluster.Grains;

/// <summary>A silo's node: placed only on the silo its key names (the caller's placement hint), it reaches the process's
/// <see cref="NodeLifetime"/>, which <c>splade serve --cluster</c> registers (a silo hosted otherwise has none).</summary>
[ShardReplicaPlacement]
internal sealed class NodeGrain(IServiceProvider services, ILocalSiloDetails silo) : Grain, INodeGrain
{
    public Task LeaveAsync(string reason)
    {
        if (silo.SiloAddress.ToParsableString() != this.GetPrimaryKeyString())
        {
            throw new ShardException(StoreErrorKind.Unavailable, $"Service unavailable: silo {this.GetPrimaryKeyString()} is not an active member.");
        }

        var lifetime = services.GetService<NodeLifetime>()
            ?? throw new ShardException(StoreErrorKind.Unsupported,
                $"Bad request: silo {silo.SiloAddress} is not run by `splade serve --cluster` and cannot be stopped through the API; stop its host.");
        lifetime.Request(reason, drain: false);
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
