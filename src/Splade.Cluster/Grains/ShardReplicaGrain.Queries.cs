using Splade.Cluster.Wire;
using Splade.Server.Storage;

namespace Splade.Cluster.Grains;

/// <summary>Re-scoring a query level's candidates held by this shard, and the checkpoint.</summary>
internal sealed partial class ShardReplicaGrain
{
    public Task<IReadOnlyList<ShardHit>> RescoreAsync(ShardRescore rescore)
        => ShardException.Wrap(() =>
        {
            var candidates = rescore.Ids.Select(id => new Candidate(PointId.FromEngineId(id), 0f, null));
            var scored = Open().ScoreStored(candidates, rescore.Using, rescore.Vector.ToValue(), null, rescore.Statistics?.ToStatistics());
            return Task.FromResult<IReadOnlyList<ShardHit>>([.. scored.Select(hit => new ShardHit { Id = hit.Id.ToEngineId(), Score = hit.Score })]);
        });

    public Task CheckpointAsync() => ShardException.Wrap(async () =>
    {
        try
        {
            await Open().CheckpointAsync().ConfigureAwait(true);
        }
        catch (IOException error)
        {
            throw DiskFailure(error);
        }

        return true;
    });
}
