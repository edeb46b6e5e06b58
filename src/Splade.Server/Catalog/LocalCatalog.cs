using Splade.Server.Http.Mapping;
using Splade.Server.Model.Collections;
using Splade.Server.Model.Service;
using Splade.Server.Storage;

namespace Splade.Server.Catalog;

/// <summary>The single-machine catalog: the collections of one data folder (<see cref="CollectionStore"/>).</summary>
internal sealed class LocalCatalog(CollectionStore store) : ICollectionCatalog
{
    private static readonly Task<ClusterStatusInfo> Disabled = Task.FromResult(new ClusterStatusInfo { Status = "disabled" });

    public bool Sharded => false;

    public Task<IReadOnlyList<string>> ListAsync() => Task.FromResult(store.Names);

    public Task<bool> ExistsAsync(string name) => Task.FromResult(store.Exists(name));

    public Task CreateAsync(string name, CollectionConfig config, CollectionSharding sharding)
    {
        store.Create(name, config);
        return Task.CompletedTask;
    }

    public Task<bool> DeleteAsync(string name) => Task.FromResult(store.Delete(name));

    public Task<CollectionInfo> GetInfoAsync(string name)
    {
        if (store.Broken.TryGetValue(name, out var reason))
        {
            return Task.FromResult(CollectionMapping.ToBrokenInfo(reason));
        }

        using var lease = store.Acquire(name);
        return Task.FromResult(CollectionMapping.ToInfo(lease.Collection));
    }

    public Task<ICollectionHandle> OpenAsync(string name) => Task.FromResult<ICollectionHandle>(new LocalHandle(store.Acquire(name)));

    public Task<string> ReadinessAsync() => Task.FromResult(store.Broken.Count == 0
        ? "all collections are ready"
        : $"ready; collections that cannot serve (their info says why): {string.Join(", ", store.Broken.Keys)}");

    public Task<ClusterStatusInfo> GetClusterAsync() => Disabled;
}
