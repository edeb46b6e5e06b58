using Splade.Index.Writing;

namespace Splade.Index;

public sealed partial class SparseIndex
{
    /// <summary>Adds <paramref name="document"/>, replacing any document with the same id.</summary>
    /// <remarks>A document with an empty sparse vector (a dense-only document, or one that only carries metadata) is stored, read back
    /// and filtered like any other, but is never a hit of sparse search, which only returns documents sharing a term with the query.</remarks>
    /// <exception cref="ArgumentException">The document is invalid (id empty or over <see cref="IndexDocument.MaxIdBytes"/> bytes, dense vector
    /// of the wrong dimension or not finite); nothing is written.</exception>
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

        if (prepared.Count > 0)
        {
            _writer.Upsert(prepared);
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
        return _writer.Delete(ids);
    }

    /// <summary>Seals the in-memory buffer into a segment, writes changed deletions and commits; the write-ahead log is then emptied.</summary>
    public void Flush() => _writer.Flush();

    /// <summary>Flushes, then merges every segment into one, reclaiming the space of deleted and replaced documents.</summary>
    public void Merge() => _writer.Merge();

    /// <summary>Waits until a background merge (if any) has finished.</summary>
    public void WaitForMerges() => _writer.WaitForMerges();

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
        return _writer.BulkLoad(documents, progress);
    }
}
