using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Splade.Cluster.Routing;
using Splade.Server.Storage;

namespace Splade.Cluster.Hosting;

/// <summary>A node's own drain before it leaves (SIGTERM, Ctrl+C): its silo is drained through the shard map while the node keeps
/// serving, until it holds no replica, the drain is refused, the time runs out or the node is asked to stop again. It then leaves in
/// every case, and says what that means for the replicas it still holds.</summary>
internal static class NodeDrain
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    /// <summary>What leaving with replicas means, said whenever the node leaves without having drained.</summary>
    public const string Consequence = "the other silos rebuild its replicas from the other replicas of their shards (the cluster is yellow "
        + "meanwhile), and a shard whose only in-sync replica is on this node is missing from searches, and refuses writes, until the node "
        + "comes back with its data folder";

    public static async Task RunAsync(IServiceProvider silo, TimeSpan timeout, string reason, CancellationToken hurry)
    {
        if (timeout <= TimeSpan.Zero)
        {
            Say($"{reason}: leaving without draining (--drain-timeout 0): {Consequence}.", error: true);
            return;
        }

        var self = silo.GetRequiredService<ILocalSiloDetails>().SiloAddress;
        var collections = new ClusterCollections(silo.GetRequiredService<IGrainFactory>());
        var seconds = timeout.TotalSeconds.ToString("F0", CultureInfo.InvariantCulture);
        Say($"{reason}: draining silo {self}: its replicas move to the other silos (at most {seconds} s; signal again to leave at once).");
        var deadline = DateTime.UtcNow + timeout;
        var remaining = -1;
        try
        {
            while (true)
            {
                remaining = await collections.DrainAsync(self).ConfigureAwait(false);
                if (remaining == 0)
                {
                    Say("drained: this node holds no replica; leaving the cluster.");
                    return;
                }

                if (DateTime.UtcNow >= deadline)
                {
                    Say($"the drain did not finish within {seconds} s ({remaining} replica(s) left); leaving anyway: {Consequence}.", error: true);
                    return;
                }

                await Task.Delay(PollInterval, hurry).ConfigureAwait(false);
            }
        }
        catch (StoreException refused)
        {
            Say($"draining was refused: {refused.Message} Leaving anyway: {Consequence}.", error: true);
        }
        catch (Exception error) when (ClusterCollections.IsUnavailable(error))
        {
            Say($"the shard map cannot be reached ({error.Message.Split('\n')[0].Trim()}); leaving without draining: {Consequence}.", error: true);
        }
        catch (OperationCanceledException) when (hurry.IsCancellationRequested)
        {
            Say($"asked again: leaving now with {remaining} replica(s): {Consequence}.", error: true);
        }
    }

    private static void Say(string message, bool error = false)
    {
        var writer = error ? Console.Error : Console.Out;
        writer.WriteLine($"splade: {message}");
        writer.Flush();
    }
}
