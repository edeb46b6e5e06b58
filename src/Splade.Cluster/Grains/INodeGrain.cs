namespace Splade.Cluster.Grains;

/// <summary>The node (process) of one silo, keyed by the silo's parsable address and placed on that silo
/// (<see cref="Placement.PlacementHint"/>): what an operator asks of the process itself.</summary>
internal interface INodeGrain : IGrainWithStringKey
{
    /// <summary>Asks the node to leave the cluster: its HTTP server and its silo stop, as after SIGTERM but without draining. Answers
    /// before the node stops.</summary>
    /// <exception cref="Wire.ShardException">The silo is not run by <c>splade serve --cluster</c> (it has no node to stop).</exception>
    Task LeaveAsync(string reason);
}
