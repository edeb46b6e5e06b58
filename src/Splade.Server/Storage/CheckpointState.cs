namespace Splade.Server.Storage;

/// <summary>What a checkpoint records beside the flushed indexes: the next operation number, so that versions keep increasing.</summary>
/// <param name="NextOperation">The number the next write gets.</param>
internal sealed record CheckpointState(long NextOperation);
