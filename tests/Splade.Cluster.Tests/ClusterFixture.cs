using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Splade.Cluster.Hosting;
using Splade.Cluster.Routing;
using Splade.Tests.Shared;

namespace Splade.Cluster.Tests;

/// <summary>Three silos in this process (Orleans' in-process test cluster), each with its own data folder, the shard map kept in
/// memory grain storage.</summary>
public sealed class ClusterFixture : IAsyncLifetime, IDisposable
{
    private readonly TempFolder _data = new("splade-cluster-");

    internal InProcessTestCluster Cluster { get; private set; } = null!;

    internal ClusterCollections Collections { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(3);
        builder.ConfigureSilo((options, silo) =>
        {
            silo.AddMemoryGrainStorage(ClusterSiloExtensions.StorageName);
            silo.AddSpladeCluster(new ClusterNodeOptions { DataFolder = _data.Combine(options.SiloName) });
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        Collections = new ClusterCollections(Cluster.Client);
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }

    public void Dispose() => _data.Dispose();
}
