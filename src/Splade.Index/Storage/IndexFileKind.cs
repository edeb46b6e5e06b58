namespace Splade.Index.Storage;

/// <summary>Every kind of file an index writes; the kind is recorded in each file's header and checked on open.</summary>
/// <remarks>Every kind is written with <see cref="FileSectionWriter"/> inside the <see cref="ChecksummedFile"/> envelope.</remarks>
internal enum IndexFileKind : ushort
{
    /// <summary>The commit point: which segments (and which deletion generations) make up the index.</summary>
    Commit = 1,

    /// <summary>A segment's inverted index: terms, per-term bounds, postings of (document ordinal, weight).</summary>
    Postings = 2,

    /// <summary>A segment's forward index: each document's sorted indices and weights.</summary>
    Forward = 3,

    /// <summary>A segment's stored fields: ids, insertion sequence numbers, metadata and text.</summary>
    Documents = 4,

    /// <summary>A segment's dense vectors.</summary>
    Dense = 5,

    /// <summary>One generation of a segment's live-documents bitset.</summary>
    LiveDocuments = 6,

    /// <summary>A segment's approximate index (<c>Approximate.ApproximateFile</c>).</summary>
    Approximate = 7,
}
