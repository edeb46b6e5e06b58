namespace Splade.Server.Storage;

/// <summary>How far a background task on a collection has come.</summary>
/// <param name="Done">Units done (points encoded).</param>
/// <param name="Total">Units in all.</param>
/// <param name="Error">Why the task stopped, when it failed.</param>
internal sealed record BackgroundTaskProgress(int Done, int Total, string? Error = null);
