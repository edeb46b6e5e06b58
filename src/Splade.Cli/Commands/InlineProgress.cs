namespace Splade.Cli.Commands;

/// <summary>Reports progress synchronously on the reporting thread (<see cref="Progress{T}"/> would post to the thread pool, so
/// a progress bar could still be drawing after the work ended).</summary>
internal sealed class InlineProgress(Action<int> report) : IProgress<int>
{
    public void Report(int value) => report(value);
}
