using Splade.Index.Approximate;
using Splade.Index.Segments;
using Splade.Index.Storage;

namespace Splade.Index.Writing;

internal sealed partial class IndexWriter
{
    /// <summary>The most postings one merged segment may hold, keeping every segment file well under 2 GiB.</summary>
    private const long MaxMergedPostings = 200_000_000;

    /// <summary>Seals the buffer into a segment, writes changed deletions and commits; the write-ahead log is then emptied.</summary>
    public void Flush()
    {
        lock (_lock)
        {
            ThrowIfNotWritable();
            FlushLocked();
        }
    }

    /// <summary>Flushes, then merges every segment into one, reclaiming the space of deleted and replaced documents.</summary>
    public void Merge()
    {
        WaitForMerges();
        lock (_lock)
        {
            ThrowIfNotWritable();
            FlushLocked();
            var views = _views;
            if (views.Length > 1 || (views.Length == 1 && views[0].Live.LiveCount < views[0].Segment.DocumentCount))
            {
                MergePersisted([.. views]);
            }
        }
    }

    /// <summary>Waits until a background merge (if any) has finished.</summary>
    public void WaitForMerges()
    {
        Task merge;
        lock (_lock)
        {
            merge = _backgroundMerge;
        }

        merge.Wait();
    }

    private void FlushLocked()
    {
        var views = new List<SegmentView>(_views);
        var buffered = views.FindAll(static view => !view.Persisted);
        if (buffered.Count == 0 && !views.Exists(static view => view.LiveDirty))
        {
            return;
        }

        views.RemoveAll(static view => !view.Persisted);
        if (buffered is [var only] && only.Live.LiveCount == only.Segment.DocumentCount)
        {
            views.Add(PersistUnchanged(only.Segment));
        }
        else if (buffered.Exists(static view => view.Live.LiveCount > 0))
        {
            views.Add(MergeViews(buffered, persist: true));
        }

        _flushedOperation = _appliedOperation;
        Commit(views);
        _log?.Reset(_flushedOperation);
        Retire(buffered);
        ScheduleBackgroundMerge();
    }

    private void ScheduleBackgroundMerge()
    {
        if (_views.Length <= _options.MergeFactor || !_options.BackgroundMerge || !_backgroundMerge.IsCompleted)
        {
            return;
        }

        _backgroundMerge = Task.Run(MergeSmallest);
    }

    /// <summary>Merges up to <see cref="IndexOptions.MergeFactor"/> of the smallest persisted segments (the background merge's
    /// work), committing without flushing the buffer: the commit covers only the operations flushed so far.</summary>
    internal void MergeSmallest()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            var candidates = new List<SegmentView>(_views);
            candidates.RemoveAll(static view => !view.Persisted);
            candidates.Sort(static (a, b) => a.Live.LiveCount.CompareTo(b.Live.LiveCount));
            var chosen = new List<SegmentView>();
            long postings = 0;
            foreach (var view in candidates)
            {
                if (chosen.Count == _options.MergeFactor || postings + view.Segment.PostingCount > MaxMergedPostings)
                {
                    break;
                }

                chosen.Add(view);
                postings += view.Segment.PostingCount;
            }

            if (chosen.Count >= 2)
            {
                MergePersisted(chosen);
            }
        }
    }

    private void MergePersisted(List<SegmentView> chosen)
    {
        var merged = MergeViews(chosen, persist: true);
        var views = new List<SegmentView>(_views);
        var position = views.IndexOf(chosen[0]);
        views.RemoveAll(chosen.Contains);
        views.Insert(Math.Min(position, views.Count), merged);
        Commit(views);
        Retire(chosen);
        IndexLog.Merged(Logger, chosen.Count, _directory.Location, merged.Segment.Id, merged.Segment.DocumentCount);
    }

    /// <summary>Copies the live documents of <paramref name="sources"/> into one new segment, repointing their ids.</summary>
    private SegmentView MergeViews(List<SegmentView> sources, bool persist)
    {
        var builder = new SegmentBuilder(_densePrecision);
        var moved = new List<(Segment Source, int Ordinal)>();
        foreach (var view in sources)
        {
            for (var ordinal = 0; ordinal < view.Segment.DocumentCount; ordinal++)
            {
                if (view.Live.IsLive(ordinal))
                {
                    builder.Add(DocumentReader.Stored(view.Segment, ordinal));
                    moved.Add((view.Segment, ordinal));
                }
            }
        }

        var segment = persist ? WriteSegment(builder) : Segment.FromBuilt(_nextSegmentId++, builder.Build());
        for (var i = 0; i < moved.Count; i++)
        {
            Ids.Set(moved[i].Source.Documents.GetId(moved[i].Ordinal), new DocumentAddress(segment, i));
        }

        return new SegmentView(segment, LiveDocuments.AllLive(segment.DocumentCount), 0, persist, LiveDirty: false);
    }

    /// <summary>Writes a buffered segment that has no deletions as it is: its files are already final, so rebuilding them
    /// (as a merge would) only copies every posting again. Bulk loads flush one such segment.</summary>
    private SegmentView PersistUnchanged(Segment buffered)
    {
        var id = _nextSegmentId++;
        foreach (var kind in SegmentFiles.Required)
        {
            _directory.WriteAtomic(SegmentFiles.FileName(id, kind), buffered.GetFileBytes(kind));
        }

        var segment = OpenWritten(id);
        Ids.PointAt(segment);
        return new SegmentView(segment, LiveDocuments.AllLive(segment.DocumentCount), 0, Persisted: true, LiveDirty: false);
    }

    /// <summary>Opens a segment whose files were just written, building, writing and attaching its approximate index when the
    /// index builds them and the segment allows one (<see cref="ApproximateIndex.Supports"/>).</summary>
    private Segment OpenWritten(int id)
    {
        var segment = Segment.Open(_directory, id);
        if (_approximate is not { } approximate || !ApproximateIndex.Supports(segment))
        {
            return segment;
        }

        try
        {
            var build = approximate.Build with { BuildThreads = _options.Approximate?.BuildThreads ?? 0 };
            var name = SegmentFiles.FileName(id, IndexFileKind.Approximate);
            _directory.WriteAtomic(name, new ApproximateIndexBuilder(build).BuildFile(segment));
            segment.AttachApproximate(_directory.OpenRead(name));
            return segment;
        }
        catch
        {
            segment.Dispose();
            throw;
        }
    }

    /// <summary>Writes changed deletion bitsets, then atomically replaces the commit file, then publishes the new snapshot.</summary>
    private void Commit(List<SegmentView> views)
    {
        var generation = _generation + 1;
        var committed = new List<CommittedSegment>();
        for (var i = 0; i < views.Count; i++)
        {
            var view = views[i];
            if (!view.Persisted)
            {
                continue;
            }

            if (view.LiveDirty)
            {
                _directory.WriteAtomic(SegmentFiles.LiveFileName(view.Segment.Id, (int)generation), view.Live.ToFile());
                views[i] = view = view with { LiveGeneration = (int)generation, LiveDirty = false };
            }

            committed.Add(new CommittedSegment(view.Segment.Id, view.Segment.DocumentCount, view.LiveGeneration, view.Segment.Approximate is not null));
        }

        var commit = new CommitPoint
        {
            Generation = generation,
            NextSequence = _nextSequence,
            NextSegmentId = _nextSegmentId,
            // Not _appliedOperation: a background merge commits while later operations may still be buffered, and those must be
            // replayed from the log after a crash.
            AppliedOperation = _flushedOperation,
            DenseDimension = _denseDimension,
            DensePrecision = _densePrecision,
            Segments = committed,
            Approximate = _approximate,
            Log = _keepsLog,
            Building = _building,
        };
        _directory.WriteAtomic(CommitPoint.FileName, commit.ToFile());
        _generation = generation;
        Publish(views);
        IndexLog.Committed(Logger, generation, _directory.Location, committed.Count, Snapshots.Unretained.LiveCount);
        DeleteUnreferencedFiles(views);
    }

    /// <summary>Removes files no commit refers to: leftovers of replaced segments, old deletion generations, or a crash mid-flush.</summary>
    /// <remarks>
    /// Only inside the reading gate's exclusive side (<see cref="IIndexDirectory.TryBeginCleanup"/>): a reader in another process
    /// holds the gate while it opens the files an older commit lists, and once open, it no longer needs their names (on POSIX an
    /// unlinked file stays readable while mapped). When a reader is inside, the files stay until the next commit or
    /// <see cref="Dispose"/> tries again, or the next writer's open. This writer is the only one (the writer lock), and its own
    /// unfinished segments are written and committed under <see cref="_lock"/>, so every other <c>seg_</c> file is garbage.
    /// </remarks>
    private void DeleteUnreferencedFiles(IEnumerable<SegmentView> views)
    {
        var keep = new HashSet<string>(StringComparer.Ordinal) { CommitPoint.FileName, WriteAheadLog.FileName };
        foreach (var view in views)
        {
            if (!view.Persisted)
            {
                continue;
            }

            foreach (var kind in SegmentFiles.Required)
            {
                keep.Add(SegmentFiles.FileName(view.Segment.Id, kind));
            }

            keep.Add(SegmentFiles.FileName(view.Segment.Id, IndexFileKind.Approximate));
            if (view.LiveGeneration > 0)
            {
                keep.Add(SegmentFiles.LiveFileName(view.Segment.Id, view.LiveGeneration));
            }
        }

        var garbage = new List<string>();
        foreach (var name in _directory.ListFiles())
        {
            if (name.StartsWith("seg_", StringComparison.Ordinal) && !keep.Contains(name))
            {
                garbage.Add(name);
            }
        }

        if (garbage.Count == 0)
        {
            _pendingCleanup = false;
            return;
        }

        using var gate = _directory.TryBeginCleanup();
        _pendingCleanup = gate is null;
        if (gate is null)
        {
            IndexLog.CleanupDeferred(Logger, garbage.Count, _directory.Location);
            return;
        }

        foreach (var name in garbage)
        {
            try
            {
                _directory.Delete(name);
            }
            catch (IOException)
            {
                // A platform that forbids deleting a mapped file (a reader still has it open); a later cleanup removes it.
                _pendingCleanup = true;
            }
            catch (UnauthorizedAccessException)
            {
                _pendingCleanup = true;
            }
        }

        IndexLog.FilesRemoved(Logger, garbage.Count, _directory.Location);
    }
}
