using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Splade.Cluster.Grains;

namespace Splade.Cluster.Hosting;

/// <summary>Deletes the folders of this silo's forgotten replicas: those of a silo that restarted with a new address (its replicas
/// were rebuilt elsewhere), of collections deleted while the silo was unreachable, and partial copies left by a crash. Every
/// <see cref="ClusterNodeOptions.SweepInterval"/> it lists <c>DATA/replicas/COLLECTION/SHARD-REPLICA[.recovering|.creating]</c>, asks
/// the shard map which of them no entry can use (<see cref="IShardMapGrain.FindUnusedReplicasAsync"/>), and deletes those that no
/// replica active on this silo has claimed (<see cref="ReplicaFolders"/>): a folder is first renamed out of <c>replicas</c>, then
/// deleted, so that no half-deleted folder is ever opened as a replica.</summary>
internal sealed partial class ReplicaSweeper(
    ClusterNodeOptions node, ReplicaFolders folders, IGrainFactory grains, ILocalSiloDetails silo, IClusterMembershipService membership,
    ILogger<ReplicaSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(node.SweepInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await SweepAsync().ConfigureAwait(false);
            }
            catch (Exception error) when (error is not OutOfMemoryException && !stoppingToken.IsCancellationRequested)
            {
                // The shard map cannot be asked now (its storage or silo is down) or a folder resisted: the next sweep tries again.
                LogSweepFailed(logger, error.Message);
            }
        }
    }

    /// <summary>One sweep; returns the replica keys whose folders it deleted.</summary>
    internal async Task<IReadOnlyList<string>> SweepAsync()
    {
        var self = silo.SiloAddress;
        if (!membership.CurrentSnapshot.Members.TryGetValue(self, out var member) || member.Status != SiloStatus.Active)
        {
            return [];
        }

        // What an interrupted sweep had moved out of the way but not yet deleted.
        var trash = Path.Combine(node.DataFolder, "replicas.deleting");
        foreach (var left in Directory.Exists(trash) ? Directory.GetDirectories(trash) : [])
        {
            Directory.Delete(left, recursive: true);
        }

        var root = Path.Combine(node.DataFolder, "replicas");
        var found = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var collection in Directory.Exists(root) ? Directory.GetDirectories(root) : [])
        {
            foreach (var folder in Directory.GetDirectories(collection))
            {
                if (ReplicaFolder().Match(Path.GetFileName(folder)) is { Success: true } match)
                {
                    var key = string.Create(CultureInfo.InvariantCulture,
                        $"{Path.GetFileName(collection)}/{int.Parse(match.Groups["shard"].Value, CultureInfo.InvariantCulture)}/"
                        + $"{int.Parse(match.Groups["replica"].Value, CultureInfo.InvariantCulture)}");
                    if (!found.TryGetValue(key, out var list))
                    {
                        found[key] = list = [];
                    }

                    list.Add(folder);
                }
            }
        }

        var deleted = new List<string>();
        if (found.Count > 0)
        {
            var map = grains.GetGrain<IShardMapGrain>(ShardMapGrain.Key);
            foreach (var key in await map.FindUnusedReplicasAsync(self, [.. found.Keys]).ConfigureAwait(false))
            {
                if (folders.UnlessClaimed(key, () => found[key].ForEach(Discard)))
                {
                    deleted.Add(key);
                    LogDeleted(logger, key, self.ToString());
                }
            }
        }

        // Collection folders left empty go too (unless a replica of that collection is active here: it may be about to create one).
        foreach (var collection in Directory.Exists(root) ? Directory.GetDirectories(root) : [])
        {
            if (Directory.GetFileSystemEntries(collection).Length == 0)
            {
                folders.UnlessCollectionClaimed(Path.GetFileName(collection), () => Directory.Delete(collection));
            }
        }

        return deleted;
    }

    /// <summary>Moves a folder out of <c>replicas</c> (one rename), then deletes it.</summary>
    private void Discard(string folder)
    {
        var trash = Path.Combine(node.DataFolder, "replicas.deleting");
        Directory.CreateDirectory(trash);
        var target = Path.Combine(trash, Guid.NewGuid().ToString("N"));
        Directory.Move(folder, target);
        Directory.Delete(target, recursive: true);
    }

    [GeneratedRegex(@"^(?<shard>[0-9]{1,9})-(?<replica>[0-9]{1,9})(\.recovering|\.creating)?$")]
    private static partial Regex ReplicaFolder();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deleted the folder of replica {Replica} on silo {Silo}: no shard map entry can use it")]
    private static partial void LogDeleted(ILogger logger, string replica, string silo);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The sweep of forgotten replica folders stopped: {Reason}")]
    private static partial void LogSweepFailed(ILogger logger, string reason);
}
