using Microsoft.Extensions.Logging;

namespace Splade.Index.Writing;

/// <summary>The index's log messages (source-generated; event ids are stable: tools may filter on them).</summary>
internal static partial class IndexLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information,
        Message = "Opened index {Location} ({Mode}): commit generation {Generation}, {Documents} documents, {Replayed} logged operations replayed")]
    public static partial void Opened(ILogger logger, string location, string mode, long generation, int documents, int replayed);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Recovery of index {Location}: {Dropped}")]
    public static partial void RecoveryDropped(ILogger logger, string location, string dropped);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information,
        Message = "Waiting for the writer lock of index {Location}, held by {Holder}")]
    public static partial void WaitingForWriter(ILogger logger, string location, string holder);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Debug,
        Message = "Committed generation {Generation} of index {Location}: {Segments} segments, {Documents} live documents")]
    public static partial void Committed(ILogger logger, long generation, string location, int segments, int documents);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Information,
        Message = "Merged {Merged} segments of index {Location} into segment {Segment} ({Documents} documents)")]
    public static partial void Merged(ILogger logger, int merged, string location, int segment, int documents);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Debug, Message = "Removed {Count} unreferenced files from index {Location}")]
    public static partial void FilesRemoved(ILogger logger, int count, string location);

    [LoggerMessage(EventId = 1013, Level = LogLevel.Debug,
        Message = "Left {Count} unreferenced files in index {Location} for a later cleanup: a reader is opening the index")]
    public static partial void CleanupDeferred(ILogger logger, int count, string location);

    [LoggerMessage(EventId = 1020, Level = LogLevel.Information,
        Message = "Tuned approximate search of index {Location}: recall@{K} {Recall:F3} for target {Target:F3} ({Decision})")]
    public static partial void Tuned(ILogger logger, string location, int k, double recall, double target, string decision);
}
