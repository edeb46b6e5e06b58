namespace Splade.Server.Storage;

internal sealed partial class Collection
{
    /// <summary>Writes the point changes <paramref name="resolve"/> makes of the collection's state (a <c>...Changes</c> method's
    /// function) and answers them with the operation number: what a cluster's primary replicates, so that its backups set exactly
    /// the same point states without evaluating filters or conditions themselves.</summary>
    public async Task<(long Operation, IReadOnlyList<PointChange> Changes)> WriteResolvedAsync(Func<List<PointChange>> resolve)
    {
        List<PointChange> resolved = [];
        var operation = await WriteAsync(() => resolved = resolve(), CancellationToken.None).ConfigureAwait(false);
        return (operation, resolved);
    }

    /// <summary>Writes point changes resolved elsewhere (by a cluster shard's primary, against the same state) as one write.</summary>
    public Task<long> ApplyChangesAsync(IReadOnlyList<PointChange> changes) => WriteAsync(() => [.. changes], CancellationToken.None);
}
