using Splade.Index.Segments;
using Splade.Index.Storage;

namespace Splade.Index.Writing;

internal sealed partial class IndexWriter
{
    private const int BulkProgressInterval = 10_000;

    /// <summary>Writes <paramref name="documents"/> straight into segment files and makes them visible with one commit; on failure
    /// removes what it wrote and leaves the index as it was. See <see cref="SparseIndex.BulkLoad"/>.</summary>
    public int BulkLoad(IEnumerable<IndexDocument> documents, IProgress<int>? progress)
    {
        WaitForMerges();
        lock (_lock)
        {
            ThrowIfNotWritable();
            FlushLocked();
            var written = new List<Segment>();
            var sequence = _nextSequence;
            var dimension = _denseDimension;
            var count = 0;
            try
            {
                var seen = new HashSet<string>(StringComparer.Ordinal);
                var builder = new SegmentBuilder(_densePrecision);
                foreach (var document in documents)
                {
                    var prepared = DocumentValidator.Prepare(document, count);
                    if (!seen.Add(prepared.Id))
                    {
                        throw new ArgumentException($"document {count} repeats the id '{prepared.Id}'; a bulk load takes each id once.", nameof(documents));
                    }

                    dimension = DenseDimensionWith(prepared, count, dimension);
                    builder.Add(prepared.ToStored(sequence++));
                    count++;
                    if (builder.PostingCount >= MaxMergedPostings)
                    {
                        written.Add(WriteSegment(builder));
                        builder = new SegmentBuilder(_densePrecision);
                    }

                    if (count % BulkProgressInterval == 0)
                    {
                        progress?.Report(count);
                    }
                }

                if (builder.DocumentCount > 0)
                {
                    written.Add(WriteSegment(builder));
                }

                if (written.Count > 0)
                {
                    CommitBulk(written, sequence, dimension);
                }
            }
            catch
            {
                DiscardWritten(written);
                throw;
            }

            progress?.Report(count);
            ScheduleBackgroundMerge();
            return count;
        }
    }

    /// <summary>Writes the builder's files as a new segment and opens it; on failure the files written are removed.</summary>
    private Segment WriteSegment(SegmentBuilder builder)
    {
        var id = _nextSegmentId++;
        try
        {
            var files = builder.Build();
            foreach (var kind in SegmentFiles.Required)
            {
                _directory.WriteAtomic(SegmentFiles.FileName(id, kind), files[kind]);
            }

            // The written bytes are garbage from here on; the approximate build in OpenWritten may need the memory.
            files.Clear();
            return OpenWritten(id);
        }
        catch
        {
            DeleteSegmentFiles(id);
            throw;
        }
    }

    /// <summary>Commits the loaded segments beside the existing ones, with the documents they replace marked deleted, then
    /// points the ids at them. On failure the in-memory state is as before the load.</summary>
    private void CommitBulk(List<Segment> written, long nextSequence, int dimension)
    {
        var removed = new Dictionary<Segment, List<int>>();
        foreach (var segment in written)
        {
            for (var ordinal = 0; ordinal < segment.DocumentCount; ordinal++)
            {
                if (Ids.TryGet(segment.Documents.GetId(ordinal), out var old))
                {
                    Removal(removed, old);
                }
            }
        }

        var views = WithRemovals(_views, removed);
        foreach (var segment in written)
        {
            views.Add(new SegmentView(segment, LiveDocuments.AllLive(segment.DocumentCount), 0, Persisted: true, LiveDirty: false));
        }

        var previousSequence = _nextSequence;
        var previousDimension = _denseDimension;
        _nextSequence = nextSequence;
        _denseDimension = dimension;
        try
        {
            Commit(views);
        }
        catch
        {
            _nextSequence = previousSequence;
            _denseDimension = previousDimension;
            throw;
        }

        written.ForEach(Ids.PointAt);
    }

    /// <summary>Closes and deletes segments a failed load wrote; no commit refers to them.</summary>
    private void DiscardWritten(List<Segment> written)
    {
        // Commit can fail after it has published the new snapshot (while removing unreferenced files); the loaded segments are
        // then committed and live, and must stay.
        foreach (var segment in written)
        {
            if (Array.Exists(_views, view => ReferenceEquals(view.Segment, segment)))
            {
                return;
            }
        }

        foreach (var segment in written)
        {
            segment.Dispose();
            DeleteSegmentFiles(segment.Id);
        }
    }

    private void DeleteSegmentFiles(int id)
    {
        foreach (var kind in (ReadOnlySpan<IndexFileKind>)[.. SegmentFiles.Required, IndexFileKind.Approximate])
        {
            var name = SegmentFiles.FileName(id, kind);
            if (_directory.Exists(name))
            {
                _directory.Delete(name);
            }
        }
    }
}
