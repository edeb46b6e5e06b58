using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;

namespace Splade.Cluster.Hosting;

/// <summary>When and how a cluster node stops: SIGTERM or Ctrl+C (drain this silo first, then leave), a second signal (leave now), a
/// removal through the HTTP API of any node (leave now: the silo holds nothing, or the removal was forced), or the caller's token.</summary>
/// <remarks>The node's hosts get <see cref="Manual"/> as their <see cref="IHostLifetime"/>, so that a signal reaches this class
/// instead of stopping the HTTP server at once. Thread safety: every member may be called from any thread.</remarks>
internal sealed class NodeLifetime : IDisposable
{
    private readonly TaskCompletionSource<NodeStop> _stop = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _hurry = new();
    private readonly List<PosixSignalRegistration> _signals = [];

    /// <summary>Completes with why the node stops, once it is asked to.</summary>
    public Task<NodeStop> Stopping => _stop.Task;

    /// <summary>Fires when the node is asked to stop again while draining: it leaves without waiting any longer.</summary>
    public CancellationToken Hurry => _hurry.Token;

    /// <summary>Asks the node to stop; asked again (a second signal), it stops waiting for its drain.</summary>
    public void Request(string reason, bool drain)
    {
        if (!_stop.TrySetResult(new NodeStop(reason, drain)))
        {
            _hurry.Cancel();
        }
    }

    /// <summary>Takes over SIGTERM, SIGINT (Ctrl+C) and SIGQUIT: the first drains, the next hurries.</summary>
    public void ListenToSignals()
    {
        foreach (var (signal, name) in new[] { (PosixSignal.SIGTERM, "SIGTERM"), (PosixSignal.SIGINT, "Ctrl+C"), (PosixSignal.SIGQUIT, "SIGQUIT") })
        {
            _signals.Add(PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                Request(name, drain: true);
            }));
        }
    }

    public void Dispose()
    {
        foreach (var signal in _signals)
        {
            signal.Dispose();
        }

        _signals.Clear();
        _hurry.Dispose();
    }

    /// <summary>A host lifetime that leaves signals alone (the node's <see cref="NodeLifetime"/> handles them).</summary>
    internal sealed class Manual : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

/// <summary>Why a node stops, and whether it drains its silo first.</summary>
internal readonly record struct NodeStop(string Reason, bool Drain);
