namespace Splade.Cli.Cluster;

/// <summary>A cluster node refused a request (<see cref="Refused"/>: the request itself was wrong or cannot be honoured) or could
/// not serve it; the message is the node's own, or says why it could not be reached.</summary>
internal sealed class ClusterApiException(string message, bool refused) : Exception(message)
{
    public bool Refused { get; } = refused;
}
