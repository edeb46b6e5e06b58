using Splade.Cluster.Wire;

namespace Splade.Cluster.Grains;

/// <summary>Changes of a collection's stored configuration after its creation: its payload indexes.</summary>
internal sealed partial class ShardMapGrain
{
    public async Task<CollectionShardMap> ChangePayloadIndexesAsync(string name, string fields)
    {
        await ReloadIfNeededAsync().ConfigureAwait(true);
        var before = Require(name);
        var config = before.ReadConfig();
        var indexes = new ShardOperation { Kind = ShardOperationKind.PayloadIndexes, Payload = fields }.ChangeIndexes(config.PayloadIndexes);
        var changed = before with { Config = CollectionShardMap.WriteConfig(config with { PayloadIndexes = indexes }) };
        _persisted.State.Collections[name] = changed;
        await PersistAsync(() => _persisted.State.Collections[name] = before).ConfigureAwait(true);
        return changed;
    }
}
