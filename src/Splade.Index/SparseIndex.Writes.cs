using Splade.Index.Segments;
using Splade.Index.Writing;

namespace Splade.Index;

public sealed partial class SparseIndex
{
    /// <summary>Adds <paramref name="document"/>, replacing any document with the same id.</summary>
    /// <remarks>A document with an empty sparse vector (a dense-only document, or one that only carries metadata) is stored, read back
    /// and filtered like any other, but is never a hit of sparse search, which only returns documents sharing a term with the query.</remarks>
    /// <exception cref="ArgumentException">The document is invalid (id empty or over <see cref="IndexDocument.MaxIdBytes"/> bytes, dense vector of the wrong
    /// dimension or not finite); nothing is written.</exception>
    public void Upsert(IndexDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        Upsert([document]);
    }

    /// <summary>Adds a batch of documents atomically: once the call returns all are durable; if it throws, none is written.</summary>
    /// <exception cref="ArgumentException">A document is invalid, or two share an id; the message names it. Nothing is written.</exception>
    public void Upsert(IEnumerable<IndexDocument> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var prepared = new List<PreparedDocument>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var document in documents)
        {
            var item = DocumentValidator.Prepare(document, prepared.Count);
            if (!seen.Add(item.Id))
            {
                throw new ArgumentException($"document {prepared.Count} repeats the id '{item.Id}' within one batch.", nameof(documents));
            }

            prepared.Add(item);
        }

        if (prepared.Count == 0)
        {
            return;
        }

        lock (_writeLock)
        {
            ThrowIfDisposed();
            CheckDenseDimensions(prepared);
            var number = _nextOperation++;
            _log?.Append(WalCodec.EncodeUpsert(number, prepared));
            ApplyUpserts(prepared);
            _appliedOperation = number;
            FlushIfBufferFull();
        }
    }

    /// <summary>Deletes the document stored under <paramref name="id"/>.</summary>
    /// <returns>True when it existed; false for an unknown id, in which case nothing is written (a no-op).</returns>
    public bool Delete(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return Delete([id]) == 1;
    }

    /// <summary>Deletes a batch of ids atomically; unknown ids are skipped.</summary>
    /// <returns>The number of documents deleted.</returns>
    public int Delete(IEnumerable<string> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        lock (_writeLock)
        {
            ThrowIfDisposed();
            var known = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var id in ids)
            {
                ArgumentNullException.ThrowIfNull(id, nameof(ids));
                if (_ids.ContainsKey(id) && seen.Add(id))
                {
                    known.Add(id);
                }
            }

            if (known.Count == 0)
            {
                return 0;
            }

            var number = _nextOperation++;
            _log?.Append(WalCodec.EncodeDelete(number, known));
            ApplyDeletes(known);
            _appliedOperation = number;
            return known.Count;
        }
    }

    private void CheckDenseDimensions(List<PreparedDocument> prepared)
    {
        var dimension = _denseDimension;
        for (var i = 0; i < prepared.Count; i++)
        {
            dimension = DenseDimensionWith(prepared[i], i, dimension);
        }
    }

    /// <summary>The index's dense dimension once <paramref name="document"/> is added: its vector's length when the index has
    /// none yet, else <paramref name="dimension"/>.</summary>
    /// <exception cref="ArgumentException">The document's dense vector has another length; the message names its position.</exception>
    private static int DenseDimensionWith(PreparedDocument document, int position, int dimension)
    {
        if (document.Dense is not { } dense)
        {
            return dimension;
        }

        if (dimension != 0 && dense.Length != dimension)
        {
            throw new ArgumentException(
                $"document {position} (id '{document.Id}') has a dense vector of dimension {dense.Length}; the index's dense dimension is {dimension}.",
                nameof(document));
        }

        return dense.Length;
    }

    private void ApplyUpserts(IReadOnlyList<PreparedDocument> documents)
    {
        var builder = new SegmentBuilder(_densePrecision);
        foreach (var document in documents)
        {
            builder.Add(document.ToStored(_nextSequence++));
        }

        if (builder.DenseDimension != 0)
        {
            _denseDimension = builder.DenseDimension;
        }

        var segment = Segment.FromBuilt(_nextSegmentId++, builder.Build());
        var removed = new Dictionary<Segment, List<int>>();
        for (var i = 0; i < documents.Count; i++)
        {
            if (_ids.TryGetValue(documents[i].Id, out var old))
            {
                Removal(removed, old);
            }

            _ids[documents[i].Id] = new DocumentAddress(segment, i);
        }

        var views = WithRemovals(_snapshot.Segments, removed);
        views.Add(new SegmentView(segment, LiveDocuments.AllLive(segment.DocumentCount), 0, Persisted: false, LiveDirty: false));
        CompactBuffer(views);
        Publish(views);
    }

    private void ApplyDeletes(IReadOnlyList<string> ids)
    {
        var removed = new Dictionary<Segment, List<int>>();
        foreach (var id in ids)
        {
            if (_ids.TryRemove(id, out var old))
            {
                Removal(removed, old);
            }
        }

        Publish(WithRemovals(_snapshot.Segments, removed));
    }

    private static void Removal(Dictionary<Segment, List<int>> removed, DocumentAddress address)
    {
        if (!removed.TryGetValue(address.Segment, out var ordinals))
        {
            removed[address.Segment] = ordinals = [];
        }

        ordinals.Add(address.Ordinal);
    }

    private static List<SegmentView> WithRemovals(SegmentView[] views, Dictionary<Segment, List<int>> removed)
    {
        var result = new List<SegmentView>(views.Length + 1);
        foreach (var view in views)
        {
            result.Add(removed.TryGetValue(view.Segment, out var ordinals)
                ? view with { Live = view.Live.Without(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(ordinals)), LiveDirty = view.Persisted }
                : view);
        }

        return result;
    }

    /// <summary>Keeps the number of buffered segments logarithmic: merges the newest two while the newer is at least half the older's size.</summary>
    private void CompactBuffer(List<SegmentView> views)
    {
        while (views.Count >= 2 && !views[^1].Persisted && !views[^2].Persisted
            && views[^1].Live.LiveCount * 2 >= views[^2].Live.LiveCount)
        {
            var merged = MergeViews([views[^2], views[^1]], persist: false);
            views.RemoveRange(views.Count - 2, 2);
            views.Add(merged);
        }
    }

    private void FlushIfBufferFull()
    {
        var buffered = 0;
        foreach (var view in _snapshot.Segments)
        {
            buffered += view.Persisted ? 0 : view.Live.LiveCount;
        }

        if (buffered >= _options.FlushThreshold)
        {
            FlushLocked();
        }
    }
}
