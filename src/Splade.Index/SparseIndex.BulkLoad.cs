using Splade.Index.Segments;
using Splade.Index.Storage;
using Splade.Index.Writing;

namespace Splade.Index;

public sealed partial class SparseIndex
{
    private const int BulkProgressInterval = 10_000;

    /// <summary>Adds many documents in one all-or-nothing step, writing segment files directly.</summary>
    /// <remarks>
    /// <para>Meant for building or extending an index from a large input: the documents skip the write-ahead log and the
    /// in-memory buffer (which would copy every posting several times) and go straight into segments of up to 200 million
    /// postings, then one commit makes them all durable and visible together. A document whose id is already in the index
    /// replaces it, as with <see cref="Upsert(IEnumerable{IndexDocument})"/>. Writes made before the call are flushed first.</para>
    /// <para>If the call throws (an invalid document, an id given twice, an I/O error), the index is unchanged and the segment
    /// files written so far are removed. Searches keep running on the previous snapshot while the load runs; other writers wait.</para>
    /// </remarks>
    /// <param name="documents">The documents, each id at most once; enumerated once.</param>
    /// <param name="progress">Receives the number of documents read so far, every 10,000 documents and at the end.</param>
    /// <returns>The number of documents loaded.</returns>
    /// <exception cref="ArgumentException">A document is invalid, repeats an id of the same load, or has a dense vector whose
    /// dimension differs from the index's; the message names its position. Nothing is written.</exception>
    public int BulkLoad(IEnumerable<IndexDocument> documents, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(documents);
        _backgroundMerge.Wait();
        lock (_writeLock)
        {
            ThrowIfDisposed();
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
                if (_ids.TryGetValue(segment.GetId(ordinal), out var old))
                {
                    Removal(removed, old);
                }
            }
        }

        var views = WithRemovals(_snapshot.Segments, removed);
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

        written.ForEach(PointIdsAt);
    }

    /// <summary>Closes and deletes segments a failed load wrote; no commit refers to them.</summary>
    private void DiscardWritten(List<Segment> written)
    {
        // Commit can fail after it has published the new snapshot (while removing unreferenced files); the loaded segments are
        // then committed and live, and must stay.
        foreach (var segment in written)
        {
            if (_snapshot.Segments.Any(view => ReferenceEquals(view.Segment, segment)))
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
