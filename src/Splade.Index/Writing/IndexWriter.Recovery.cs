using Splade.Index.Approximate;
using Splade.Index.Segments;

namespace Splade.Index.Writing;

internal sealed partial class IndexWriter
{
    /// <summary>How many times a read-only open starts over when a writer commits while it reads.</summary>
    private const int ReadOnlyAttempts = 50;

    /// <summary>Loads the last commit, removes files it does not list, and replays the write-ahead log operations it does not cover.</summary>
    private void Recover(bool useLog)
    {
        var stored = CommitLoader.ReadCommit(_directory);
        if (stored is null)
        {
            CommitLoader.RequireNoSegmentFiles(_directory);
        }
        else if (stored.Building)
        {
            throw BuildUnfinished();
        }

        var commit = stored ?? new CommitPoint { DensePrecision = _options.DensePrecision ?? DensePrecision.Float32 };
        Load(commit, CommitLoader.OpenSegments(_directory, commit));
        DeleteUnreferencedFiles(_views);
        if (!useLog)
        {
            return;
        }

        _keepsLog = _options.WriteAheadLog;
        var contents = WriteAheadLog.Read(_directory);
        if (contents is null)
        {
            if (stored is { Log: true })
            {
                MissingLog(commit);
            }

            if (_keepsLog)
            {
                // The log exists before any commit says it does, so that a commit claiming a log never meets a folder without one.
                _log = WriteAheadLog.Create(_directory, _options.Durable, _flushedOperation);
            }

            if (stored is null || stored.Log != _keepsLog)
            {
                // The settings fixed at creation (dense precision, approximate knobs) must survive a reopen before the first flush.
                Commit([.. _views]);
            }

            return;
        }

        var continuable = ReplayLog(contents, commit);
        if (!_keepsLog)
        {
            // A log left by an earlier open with the option on: its writes were replayed above and are now flushed (in a commit
            // that says there is no log), and the log is removed so that no write is ever logged twice.
            FlushLocked();
            if (stored is null || stored.Log)
            {
                Commit([.. _views]);
            }

            _directory.Delete(WriteAheadLog.FileName);
            return;
        }

        if (contents.Version == 2 && continuable && _replayed > 0)
        {
            // Appends continue the numbering after the last verified record (anything unverified after it is cut off).
            _log = WriteAheadLog.Continue(_directory, _options.Durable, contents);
        }
        else
        {
            // Nothing to replay, an older log format, or a log that does not continue the commit: what was replayed is committed,
            // and a new log starts from it.
            FlushLocked();
            _log = WriteAheadLog.Create(_directory, _options.Durable, _flushedOperation);
        }

        if (stored is null || !stored.Log)
        {
            Commit([.. _views]);
        }
    }

    /// <summary>Loads the last commit and replays the log in memory, writing nothing; starts over when a writer in another process
    /// commits meanwhile.</summary>
    private void RecoverReadOnly(bool useLog, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            CommitPoint? stored = null;
            try
            {
                using (var gate = EnterReadingGate(cancellationToken))
                {
                    stored = CommitLoader.ReadCommit(_directory);
                    if (stored is null)
                    {
                        CommitLoader.RequireNoSegmentFiles(_directory);
                        if (!_directory.Exists(WriteAheadLog.FileName))
                        {
                            throw new IndexNotFoundException(_directory.Location, "there is no commit file and no write-ahead log (create an index first).");
                        }
                    }
                    else if (stored.Building)
                    {
                        throw BuildUnfinished();
                    }

                    var commit = stored ?? new CommitPoint();
                    Load(commit, CommitLoader.OpenSegments(_directory, commit));
                    if (!useLog)
                    {
                        return;
                    }

                    var contents = WriteAheadLog.Read(_directory);
                    if (contents is null)
                    {
                        if (stored is { Log: true })
                        {
                            MissingLog(commit);
                        }

                        return;
                    }

                    if (contents.BaseOperation > commit.AppliedOperation)
                    {
                        // The log was restarted after a commit newer than the one read: a writer committed in between.
                        throw new CommitChangedException();
                    }

                    // An unfinished record at the end may be a write in progress in another process: a reader skips it silently.
                    ReplayLog(contents with { Tail = contents.Tail.Kind == LogTailKind.Incomplete ? LogTail.None : contents.Tail }, commit);
                    return;
                }
            }
            catch (Exception error) when (attempt < ReadOnlyAttempts && error is CommitChangedException or IOException
                && CommitChangedSince(stored))
            {
                // A writer replaced the commit (and may have removed files the old one listed) while this open read it: start over
                // from the new commit.
                ReleaseViews();
                Ids.Clear();
                _replayed = 0;
                _dropped.Clear();
            }
        }
    }

    /// <summary>Enters the folder's reading gate, waiting while the writer deletes files (it holds the gate only for that).</summary>
    private IDisposable EnterReadingGate(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_directory.TryEnterReading() is { } gate)
            {
                return gate;
            }

            cancellationToken.ThrowIfCancellationRequested();
            Thread.Sleep(5);
        }
    }

    private bool CommitChangedSince(CommitPoint? read)
    {
        try
        {
            var now = CommitLoader.ReadCommit(_directory);
            return now?.Generation != read?.Generation;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Takes <paramref name="commit"/>'s state and <paramref name="views"/> as the writer's, and publishes them.</summary>
    private void Load(CommitPoint commit, List<SegmentView> views)
    {
        _generation = commit.Generation;
        _nextSequence = commit.NextSequence;
        _nextSegmentId = commit.NextSegmentId;
        _appliedOperation = commit.AppliedOperation;
        _flushedOperation = commit.AppliedOperation;
        _nextOperation = commit.AppliedOperation + 1;
        _denseDimension = commit.DenseDimension;
        _densePrecision = commit.DensePrecision;
        _keepsLog = commit.Log;
        _approximate = _readOnly || _options.Approximate is not { } build || commit.Approximate?.Build == StoredBuildOptions(build)
            ? commit.Approximate
            : new ApproximateSettings(StoredBuildOptions(build), Tuned: null, TunedRecall: null);
        views.ForEach(Ids.PointAtLive);
        Publish(views);
    }

    /// <summary>Applies the log's operations the commit does not cover. An unfinished final record is dropped and reported; damage (a
    /// complete record failing a check, a log that does not continue the commit) is refused unless
    /// <see cref="IndexOptions.RecoverDamagedLog"/>, which keeps the verified part before it and reports the rest.</summary>
    /// <returns>Whether later writes may be appended to the log (it continues the commit); false when it was dropped whole.</returns>
    private bool ReplayLog(LogContents contents, CommitPoint commit)
    {
        var operations = contents.Operations;
        if (contents.BaseOperation > commit.AppliedOperation)
        {
            var problem = $"it continues from operation {contents.BaseOperation}, but the commit (generation {commit.Generation}) covers "
                + $"operations up to {commit.AppliedOperation} only, so operations {commit.AppliedOperation + 1} to "
                + $"{contents.BaseOperation} are in neither";
            Damage(problem, $"the whole log ({operations.Count} operations, {contents.BaseOperation + 1} on) was dropped: {problem}.");
            operations = [];
        }
        else if (contents.Tail.Kind == LogTailKind.Damaged)
        {
            var problem = $"{contents.Tail.Where} cannot be verified: {contents.Tail.Problem}";
            Damage(problem, $"{contents.Tail.Where} of the write-ahead log were dropped: {contents.Tail.Problem}.");
        }
        else if (contents.Tail.Kind == LogTailKind.Incomplete)
        {
            _dropped.Add($"{contents.Tail.Where} of the write-ahead log were dropped: {contents.Tail.Problem}, so it was never acknowledged.");
        }

        var replayed = 0;
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
            replayed++;
        }

        _replayed = replayed;
        return contents.BaseOperation <= commit.AppliedOperation;
    }

    /// <summary>Refuses damage to the log, or records what is dropped when the options ask to recover from it.</summary>
    private void Damage(string problem, string dropped)
    {
        if (!_options.RecoverDamagedLog)
        {
            throw new IndexCorruptedException(
                WriteAheadLog.FileName,
                $"{problem}. Writes acknowledged there would be lost; restore the file from a backup, or open the index as its writer with "
                + "IndexOptions.RecoverDamagedLog (splade index repair) to keep the verified part and drop the rest.");
        }

        _dropped.Add(dropped);
    }

    private void MissingLog(CommitPoint commit)
        => Damage(
            $"it is missing, but the commit (generation {commit.Generation}) says the index keeps one, so writes acknowledged after "
            + $"operation {commit.AppliedOperation} may be lost",
            $"the write-ahead log was missing: writes acknowledged after operation {commit.AppliedOperation}, if any, are lost.");

    private IndexNotFoundException BuildUnfinished()
        => new(_directory.Location, "its build has not finished (it is running, or it stopped or failed before the end); build it again.");

    /// <summary>The build knobs as the commit keeps them: the thread count belongs to the machine, not to the index.</summary>
    private static ApproximateIndexOptions StoredBuildOptions(ApproximateIndexOptions options) => options with { BuildThreads = 0 };

    /// <summary>Thrown inside a read-only open when the folder changed under it; the open starts over.</summary>
    private sealed class CommitChangedException : Exception;
}
