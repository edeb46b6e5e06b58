using Splade.Index.Approximate;
using Splade.Index.Segments;

namespace Splade.Index.Writing;

internal sealed partial class IndexWriter
{
    /// <summary>Loads the last commit, removes files it does not list, and replays the write-ahead log operations it does not cover.</summary>
    private void Recover(bool useLog)
    {
        var stored = CommitLoader.ReadCommit(_directory);
        var commit = stored ?? new CommitPoint { DensePrecision = _options.DensePrecision ?? DensePrecision.Float32 };
        var views = CommitLoader.OpenSegments(_directory, commit);
        _generation = commit.Generation;
        _nextSequence = commit.NextSequence;
        _nextSegmentId = commit.NextSegmentId;
        _appliedOperation = commit.AppliedOperation;
        _nextOperation = commit.AppliedOperation + 1;
        _denseDimension = commit.DenseDimension;
        _densePrecision = commit.DensePrecision;
        _approximate = _options.Approximate is not { } build || commit.Approximate?.Build == StoredBuildOptions(build)
            ? commit.Approximate
            : new ApproximateSettings(StoredBuildOptions(build), Tuned: null, TunedRecall: null);
        views.ForEach(Ids.PointAtLive);
        Publish(views);
        DeleteUnreferencedFiles(views);
        if (!useLog)
        {
            return;
        }

        if (stored is null)
        {
            // The settings fixed at creation (dense precision, approximate knobs) must survive a reopen before the first flush; the
            // commit covers no log operation yet, so the log below is still replayed in full.
            Commit(views);
        }

        if (!_options.WriteAheadLog && !_directory.Exists(WriteAheadLog.FileName))
        {
            return;
        }

        _log = WriteAheadLog.Open(_directory, _options.Durable, out var operations);
        foreach (var operation in operations)
        {
            if (operation.Number <= commit.AppliedOperation)
            {
                continue;
            }

            if (operation.Upserts is { } upserts)
            {
                ApplyUpserts(upserts);
            }
            else if (operation.Deletes is { } deletes)
            {
                ApplyDeletes(deletes);
            }

            _appliedOperation = operation.Number;
            _nextOperation = operation.Number + 1;
        }

        if (!_options.WriteAheadLog)
        {
            // A log left by an earlier open with the option on: its writes were replayed above and are now flushed, and the log is
            // removed so that no write is ever logged twice.
            FlushLocked();
            _log.Dispose();
            _log = null;
            _directory.Delete(WriteAheadLog.FileName);
        }
    }

    /// <summary>The build knobs as the commit keeps them: the thread count belongs to the machine, not to the index.</summary>
    private static ApproximateIndexOptions StoredBuildOptions(ApproximateIndexOptions options) => options with { BuildThreads = 0 };
}
