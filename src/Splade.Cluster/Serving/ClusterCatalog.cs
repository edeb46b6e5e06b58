using System.Text.Json.Nodes;
using Splade.Cluster.Routing;
using Splade.Cluster.Wire;
using Splade.Server.Catalog;
using Splade.Server.Http.Mapping;
using Splade.Server.Model.Collections;
using Splade.Server.Model.Service;
using Splade.Server.Storage;

namespace Splade.Cluster.Serving;

/// <summary>The HTTP API's collections on a cluster node: the cluster's sharded collections (<see cref="ClusterCollections"/>), with
/// Qdrant's <c>shard_number</c>, <c>replication_factor</c> and <c>write_consistency_factor</c> honoured at creation and the shards,
/// replicas and silos shown in the collection info and at <c>GET /cluster</c>.</summary>
internal sealed class ClusterCatalog(ClusterCollections collections, IClusterMembershipService membership, SiloAddress self, string clusterId)
    : ICollectionCatalog
{
    /// <summary>The replication factor of a collection created without one (at most the number of active silos).</summary>
    public const int DefaultReplicationFactor = 2;

    public bool Sharded => true;

    public Task<IReadOnlyList<string>> ListAsync() => collections.ListAsync();

    public async Task<bool> ExistsAsync(string name) => (await collections.ListAsync().ConfigureAwait(false)).Contains(name, StringComparer.Ordinal);

    public Task CreateAsync(string name, CollectionConfig config, CollectionSharding sharding)
    {
        var replication = sharding.ReplicationFactor ?? Math.Min(DefaultReplicationFactor, Math.Max(1, ActiveSilos().Count));
        var spec = new ShardingSpec(Narrow(sharding.ShardNumber ?? 1), Narrow(replication), Narrow(sharding.WriteConsistencyFactor ?? 1));
        return collections.CreateAsync(name, config, spec);
    }

    public Task<bool> DeleteAsync(string name) => collections.DeleteAsync(name);

    public async Task<CollectionInfo> GetInfoAsync(string name)
    {
        var map = await collections.GetAsync(name).ConfigureAwait(false);
        var (count, missing) = await collections.CountAsync(name).ConfigureAwait(false);
        var active = ActiveSilos();
        var shards = map.Shards.Select(shard => new ShardInfo
        {
            Shard = shard.Shard,
            Term = shard.Term,
            Primary = shard.Primary,
            Replicas = [.. shard.Replicas.Select(replica => new ReplicaInfo
            {
                Replica = replica.Replica,
                Silo = replica.Silo.ToString(),
                SiloActive = active.Contains(replica.Silo),
                Primary = replica.Replica == shard.Primary,
                InSync = replica.InSync,
                Recovering = replica.Recovering,
                Leaving = replica.Leaving,
            })],
        }).ToList();
        var warnings = new List<JsonObject>();
        if (missing.Count > 0)
        {
            warnings.Add(new JsonObject
            {
                ["message"] = $"shard(s) {string.Join(", ", missing)} have no replica that answers: points_count leaves out their points",
            });
        }

        var degraded = shards
            .Where(shard => shard.Replicas.Count < map.ReplicationFactor
                || shard.Replicas.Any(replica => !replica.InSync || !replica.SiloActive || replica.Recovering || replica.Leaving))
            .Select(shard => shard.Shard)
            .ToList();
        if (degraded.Count > 0)
        {
            warnings.Add(new JsonObject
            {
                ["message"] = $"shard(s) {string.Join(", ", degraded)} have replicas out of sync, being built or moved, or on a silo that is not active",
            });
        }

        var config = map.ReadConfig();
        var configInfo = CollectionMapping.ToConfigInfo(config);
        var fields = config.PayloadIndexes.Keys.ToArray();
        var withField = fields.Length == 0 || missing.Count > 0
            ? new long[fields.Length]
            : await collections.CountWithFieldsAsync(name, fields).ConfigureAwait(false);
        return new CollectionInfo
        {
            Status = missing.Count > 0 ? "red" : degraded.Count > 0 ? "yellow" : "green",
            Warnings = warnings,
            PointsCount = count,
            Config = configInfo with
            {
                Params = configInfo.Params with
                {
                    ShardNumber = map.ShardNumber,
                    ReplicationFactor = map.ReplicationFactor,
                    WriteConsistencyFactor = map.WriteConsistencyFactor,
                },
            },
            PayloadSchema = fields.Select((field, i) => (field, i)).ToDictionary(
                pair => pair.field,
                pair => new PayloadIndexInfo
                {
                    DataType = FilterTranslator.PayloadIndexType(config.PayloadIndexes[pair.field]),
                    Params = config.PayloadIndexes[pair.field] is JsonObject ? config.PayloadIndexes[pair.field].DeepClone() : null,
                    Points = withField[pair.i],
                },
                StringComparer.Ordinal),
            Splade = new SpladeCollectionInfo { Shards = shards },
        };
    }

    public async Task<ICollectionHandle> OpenAsync(string name)
        => new ClusterHandle(collections, await collections.GetAsync(name).ConfigureAwait(false));

    public Task<string> ReadinessAsync()
        => Task.FromResult($"ready: silo {self} of cluster `{clusterId}`, {ActiveSilos().Count} active silo(s)");

    public async Task<ClusterStatusInfo> GetClusterAsync()
    {
        // The shard map adds each member's replica count and whether it is draining; when it cannot be asked (its storage or silo is
        // down), the members are listed without them.
        IReadOnlyList<SiloLoad>? loads;
        try
        {
            loads = await collections.GetSiloLoadsAsync().ConfigureAwait(false);
        }
        catch (Exception error) when (ClusterCollections.IsUnavailable(error))
        {
            loads = null;
        }

        return new ClusterStatusInfo
        {
            Status = "enabled",
            ClusterId = clusterId,
            Silo = self.ToString(),
            Members = [.. membership.CurrentSnapshot.Members.Values
                .OrderBy(member => member.SiloAddress.ToString(), StringComparer.Ordinal)
                .Select(member => new ClusterMemberInfo(member.SiloAddress.ToString(), StatusName(member.Status))
                {
                    Draining = loads?.Any(load => load.Silo.Equals(member.SiloAddress) && load.Draining),
                    Replicas = loads is null ? null : loads.FirstOrDefault(load => load.Silo.Equals(member.SiloAddress))?.Replicas ?? 0,
                })],
        };
    }

    private HashSet<SiloAddress> ActiveSilos()
        => [.. membership.CurrentSnapshot.Members.Values.Where(member => member.Status == SiloStatus.Active).Select(member => member.SiloAddress)];

    private static int Narrow(long value) => (int)Math.Clamp(value, int.MinValue, int.MaxValue);

    private static string StatusName(SiloStatus status) => status switch
    {
        SiloStatus.Active => "active",
        SiloStatus.Joining => "joining",
        SiloStatus.Created => "created",
        SiloStatus.ShuttingDown => "shutting_down",
        SiloStatus.Stopping => "stopping",
        SiloStatus.Dead => "dead",
        _ => "unknown",
    };
}
