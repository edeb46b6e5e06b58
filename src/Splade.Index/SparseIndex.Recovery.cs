using Splade.Index.Segments;
using Splade.Index.Storage;
using Splade.Index.Writing;

namespace Splade.Index;

public sealed partial class SparseIndex
{
    /// <summary>Loads the last commit, removes files it does not list, and replays the write-ahead log operations it does not cover.</summary>
    private void Recover(bool useLog, out WriteAheadLog? log)
    {
        var commit = new CommitPoint { DensePrecision = _options.DensePrecision ?? DensePrecision.Float32 };
        var created = !_directory.Exists(CommitPoint.FileName);
        if (!created)
        {
            using var data = _directory.OpenRead(CommitPoint.FileName);
            commit = CommitPoint.FromFile(data.Bytes);
        }

        var views = new List<SegmentView>();
        try
        {
            foreach (var entry in commit.Segments)
            {
                var segment = Segment.Open(_directory, entry.Id);
                views.Add(new SegmentView(segment, LiveDocuments.AllLive(segment.DocumentCount), entry.LiveGeneration, Persisted: true, LiveDirty: false));
                if (segment.DocumentCount != entry.Documents)
                {
                    throw new IndexCorruptedException(
                        CommitPoint.FileName, $"it lists segment {entry.Id} with {entry.Documents} documents, but its files hold {segment.DocumentCount}.");
                }

                if (segment.DensePrecision != commit.DensePrecision)
                {
                    throw new IndexCorruptedException(
                        SegmentFiles.FileName(entry.Id, IndexFileKind.Dense),
                        $"it stores {segment.DensePrecision} dense vectors, but the commit says the index stores {commit.DensePrecision}.");
                }

                if (entry.LiveGeneration > 0)
                {
                    var name = SegmentFiles.LiveFileName(entry.Id, entry.LiveGeneration);
                    if (!_directory.Exists(name))
                    {
                        throw new IndexCorruptedException(name, "the commit lists it but the file is missing.");
                    }

                    using var data = _directory.OpenRead(name);
                    views[^1] = views[^1] with { Live = LiveDocuments.FromFile(name, data.Bytes, segment.DocumentCount) };
                }

                if (entry.Approximate)
                {
                    SegmentApproximateFile.Load(_directory, segment);
                }
            }
        }
        catch
        {
            DisposeSegments(views);
            throw;
        }

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
        foreach (var view in views)
        {
            for (var ordinal = 0; ordinal < view.Segment.DocumentCount; ordinal++)
            {
                if (view.Live.IsLive(ordinal))
                {
                    _ids[view.Segment.GetId(ordinal)] = new DocumentAddress(view.Segment, ordinal);
                }
            }
        }

        Publish(views);
        DeleteUnreferencedFiles(views);
        log = null;
        if (!useLog)
        {
            return;
        }

        if (created)
        {
            // The settings fixed at creation (dense precision, approximate knobs) must survive a reopen before the first flush; the
            // commit covers no log operation yet, so the log below is still replayed in full.
            Commit(views);
        }

        if (!_options.WriteAheadLog && !_directory.Exists(WriteAheadLog.FileName))
        {
            return;
        }

        log = WriteAheadLog.Open(_directory, _options.Durable, out var operations);
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
            log.Dispose();
            log = null;
            _directory.Delete(WriteAheadLog.FileName);
        }
    }
}
