using System.Collections.Concurrent;

namespace Splade.Index.Segments;

/// <summary>Where each live document is, by id: written by the index's one writer, read by any thread without waiting.</summary>
/// <remarks>The writer points an id at its new place before it publishes the snapshot that holds it and before it releases the
/// old place, so a read finds either the old or the new document; <see cref="Read"/> retains the segment it reads from, and
/// looks again if that segment was closed in between.</remarks>
internal sealed class DocumentIds
{
    private readonly ConcurrentDictionary<string, DocumentAddress> _addresses = new(StringComparer.Ordinal);

    public bool Contains(string id) => _addresses.ContainsKey(id);

    public bool TryGet(string id, out DocumentAddress address) => _addresses.TryGetValue(id, out address);

    public bool TryRemove(string id, out DocumentAddress address) => _addresses.TryRemove(id, out address);

    public void Set(string id, DocumentAddress address) => _addresses[id] = address;

    /// <summary>Forgets every id (a read-only open that starts over).</summary>
    public void Clear() => _addresses.Clear();

    /// <summary>Points every id of <paramref name="segment"/> at its document there.</summary>
    public void PointAt(Segment segment)
    {
        for (var ordinal = 0; ordinal < segment.DocumentCount; ordinal++)
        {
            _addresses[segment.Documents.GetId(ordinal)] = new DocumentAddress(segment, ordinal);
        }
    }

    /// <summary>Points the ids of <paramref name="view"/>'s live documents at them.</summary>
    public void PointAtLive(SegmentView view)
    {
        for (var ordinal = 0; ordinal < view.Segment.DocumentCount; ordinal++)
        {
            if (view.Live.IsLive(ordinal))
            {
                _addresses[view.Segment.Documents.GetId(ordinal)] = new DocumentAddress(view.Segment, ordinal);
            }
        }
    }

    /// <summary>The document stored under <paramref name="id"/>, or null.</summary>
    public IndexDocument? Read(string id)
    {
        Segment? closed = null;
        while (_addresses.TryGetValue(id, out var address))
        {
            if (!address.Segment.TryRetain())
            {
                // Closed after a merge or a replacement moved the document, and the writer repointed the id before closing it; the
                // same closed segment twice means the index itself was closed.
                ObjectDisposedException.ThrowIf(ReferenceEquals(closed, address.Segment), typeof(SparseIndex));
                closed = address.Segment;
                continue;
            }

            try
            {
                return DocumentReader.Read(address.Segment, address.Ordinal);
            }
            finally
            {
                address.Segment.Release();
            }
        }

        return null;
    }
}
