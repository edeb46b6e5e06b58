using Splade.Server.Storage;

namespace Splade.Cluster.Serving;

/// <summary>The refusal of an operation of the single-machine API that a cluster does not serve yet (docs/CLUSTER.md lists them).</summary>
internal static class NotOnCluster
{
    public static StoreException Error(string operation)
        => StoreException.Unsupported(
            $"Bad request: {operation} is not available on a cluster yet (it is on a single server; docs/CLUSTER.md lists what a cluster serves).");
}
