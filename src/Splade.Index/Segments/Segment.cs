using System.Runtime.InteropServices;
using Splade.Index.Approximate;
using Splade.Index.Search;
using Splade.Index.Storage;

namespace Splade.Index.Segments;

/// <summary>An immutable, searchable set of documents: inverted index, forward index, stored fields and dense vectors.</summary>
/// <remarks>
/// A segment's files are written once and never changed; deletions live in a separate <see cref="LiveDocuments"/> bitset per commit.
/// Every accessor returns spans over the files' bytes (memory-mapped on disk), so reading a segment copies nothing. Documents are
/// numbered by ordinal 0..<see cref="DocumentCount"/>-1 in insertion order. This class owns the files and serves the postings and
/// the forward index, which every search reads; the stored fields are <see cref="Documents"/>, the dense vectors <see cref="Dense"/>,
/// and the approximate index, when the segment has one, <see cref="Approximate"/> (an <see cref="IndexFileKind.Approximate"/> file
/// read the same way). The files are read by <see cref="SegmentFormat"/> (older format versions converted by
/// <see cref="Legacy.LegacySegmentFormat"/>) and checked by <see cref="SegmentShapes"/>, so this class serves the current layout only.
/// </remarks>
internal sealed class Segment : IDisposable
{
    private readonly IndexFileData[] _files;
    private IndexFileData? _approximateFile;

    /// <summary>The owners still holding the segment: its creator until it lets go (<see cref="Dispose"/>), and every snapshot or
    /// reader that retained it. The files are closed when the last one releases it.</summary>
    private ReferenceCount _references = new();

    private readonly ReadOnlyMemory<byte> _tierStarts, _terms, _chunkStarts, _maxWeights, _minWeights, _postingLows, _postingCodes;
    private readonly ReadOnlyMemory<byte> _forwardStarts, _forwardIndices, _forwardValues, _sequences;

    /// <summary>Reads the files (<see cref="SegmentFiles.Required"/> order) through <see cref="SegmentFormat"/> and checks them.</summary>
    private Segment(int id, IndexFileData[] files)
    {
        Id = id;
        _files = files;
        var forward = SegmentFormat.ReadForward(files[1]);
        var postings = SegmentFormat.ReadPostings(files[0], files[1]);
        var documents = SegmentFormat.ReadDocuments(files[2]);
        var dense = SegmentFormat.ReadDense(files[3]);
        SegmentShapes.Check(files, postings, forward, documents, dense);

        DocumentCount = postings.DocumentCount;
        TermCount = postings.TermCount;
        ChunkCount = PostingsFileBuilder.ChunkCount(DocumentCount);
        (_tierStarts, _terms, _chunkStarts) = (postings.TierStarts, postings.Terms, postings.ChunkStarts);
        (_maxWeights, _minWeights, _postingLows, _postingCodes) = (postings.MaxWeights, postings.MinWeights, postings.Lows, postings.Codes);
        (_forwardStarts, _forwardIndices, _forwardValues) = (forward.Starts, forward.Indices, forward.Values);
        NarrowTerms = forward.NarrowTerms;
        _sequences = documents.Sequences;
        Documents = new SegmentDocuments(files[2].Name, documents);
        Dense = new SegmentDense(dense);
    }

    /// <summary>The segment's number, unique within its index; it names the segment's files.</summary>
    public int Id { get; }

    public int DocumentCount { get; }

    public int TermCount { get; }

    /// <summary>The stored fields: ids, metadata (JSON and typed) and text.</summary>
    public SegmentDocuments Documents { get; }

    /// <summary>The dense vectors.</summary>
    public SegmentDense Dense { get; }

    /// <summary>The segment's approximate index, when the index builds them (attached once, right after the segment is opened or built).</summary>
    public ApproximateIndex? Approximate { get; private set; }

    /// <summary>The number of <see cref="PostingsFileBuilder.ChunkSize"/>-document chunks the postings are grouped in.</summary>
    public int ChunkCount { get; }

    public long PostingCount => PostingLows.Length;

    /// <summary>The bytes of the segment's files, its approximate index's included.</summary>
    public long SizeInBytes => _files.Sum(static file => (long)file.Bytes.Length) + (_approximateFile?.Bytes.Length ?? 0);

    public ReadOnlySpan<uint> Terms => Cast<uint>(_terms);

    /// <summary>The first weight code of each tier (<see cref="PostingsFileBuilder.TierStartCodes"/>): tier i holds codes
    /// [TierStarts[i], TierStarts[i + 1]), the last one up to 255. Files before format version 5 have one tier.</summary>
    public ReadOnlySpan<byte> TierStarts => _tierStarts.Span;

    public int Tiers => _tierStarts.Length;

    /// <summary>The largest weight code of tier <paramref name="tier"/>.</summary>
    public int TierLastCode(int tier) => tier + 1 < Tiers ? TierStarts[tier + 1] - 1 : PostingImpacts.Levels - 1;

    /// <summary>Postings of list l = term × <see cref="Tiers"/> + tier in chunk c are positions [starts[l × <see cref="ChunkCount"/> + c],
    /// starts[l × ChunkCount + c + 1]).</summary>
    public ReadOnlySpan<long> ChunkStarts => Cast<long>(_chunkStarts);

    public ReadOnlySpan<float> TermMaxWeights => Cast<float>(_maxWeights);

    public ReadOnlySpan<float> TermMinWeights => Cast<float>(_minWeights);

    /// <summary>Each posting's document ordinal minus its chunk's first ordinal.</summary>
    public ReadOnlySpan<ushort> PostingLows => Cast<ushort>(_postingLows);

    /// <summary>Each posting's weight code (<see cref="PostingImpacts"/>) on its term's grid.</summary>
    public ReadOnlySpan<byte> PostingCodes => _postingCodes.Span;

    /// <summary>Each document's sequence number (its Documents file's first section): the order of the writes, which breaks ties
    /// between equal scores.</summary>
    public ReadOnlySpan<long> Sequences => Cast<long>(_sequences);

    /// <summary>Opens the segment's files from <paramref name="directory"/>, with its approximate index when
    /// <paramref name="approximate"/> (the commit says it has one).</summary>
    /// <exception cref="IndexCorruptedException">A file is missing or damaged; the message names it.</exception>
    public static Segment Open(IIndexDirectory directory, int id, bool approximate = false)
    {
        var files = new List<IndexFileData>(SegmentFiles.Required.Length);
        Segment? segment = null;
        try
        {
            foreach (var kind in SegmentFiles.Required)
            {
                files.Add(OpenFile(directory, SegmentFiles.FileName(id, kind)));
            }

            segment = new Segment(id, [.. files]);
            if (approximate)
            {
                segment.AttachApproximate(OpenFile(directory, SegmentFiles.FileName(id, IndexFileKind.Approximate)));
            }

            return segment;
        }
        catch
        {
            if (segment is null)
            {
                files.ForEach(static file => file.Dispose());
            }
            else
            {
                segment.Dispose();
            }

            throw;
        }
    }

    /// <summary>Wraps files built in memory (by <see cref="SegmentBuilder"/>) as a segment.</summary>
    public static Segment FromBuilt(int id, Dictionary<IndexFileKind, byte[]> files)
    {
        var data = new IndexFileData[SegmentFiles.Required.Length];
        for (var i = 0; i < data.Length; i++)
        {
            var kind = SegmentFiles.Required[i];
            data[i] = new ArrayFileData(SegmentFiles.FileName(id, kind), files[kind]);
        }

        return new Segment(id, data);
    }

    /// <summary>The whole content of one of the segment's files, header and checksum included.</summary>
    public ReadOnlySpan<byte> GetFileBytes(IndexFileKind kind) => _files[Array.IndexOf(SegmentFiles.Required, kind)].Bytes.Span;

    /// <summary>Finds <paramref name="term"/>'s ordinal in the term dictionary.</summary>
    public bool TryGetTerm(uint term, out int termOrdinal)
    {
        termOrdinal = Terms.BinarySearch(term);
        return termOrdinal >= 0;
    }

    /// <summary>The number of postings in tier <paramref name="tier"/> of term <paramref name="termOrdinal"/>.</summary>
    public long TierPostingCount(int termOrdinal, int tier)
    {
        var starts = ChunkStarts;
        var list = (termOrdinal * Tiers) + tier;
        return starts[(list + 1) * ChunkCount] - starts[list * ChunkCount];
    }

    /// <summary>One tier of one term's postings in one chunk: document ordinals less the chunk's first, ascending, and their weight codes.</summary>
    public void GetChunkPostings(int termOrdinal, int tier, int chunk, out ReadOnlySpan<ushort> lows, out ReadOnlySpan<byte> codes)
    {
        var at = (((termOrdinal * Tiers) + tier) * ChunkCount) + chunk;
        var starts = ChunkStarts;
        var start = (int)starts[at];
        var length = (int)starts[at + 1] - start;
        lows = PostingLows.Slice(start, length);
        codes = PostingCodes.Slice(start, length);
    }

    /// <summary>Whether the forward index stores term indices as u16 (every term below 65,536, as in BERT vocabularies) rather than u32.</summary>
    /// <remarks>Read <see cref="GetForward(int, out ReadOnlySpan{ushort}, out ReadOnlySpan{float})"/> when set, the u32 overload otherwise.</remarks>
    public bool NarrowTerms { get; }

    /// <summary>The sorted term indices and weights of document <paramref name="ordinal"/>, in a segment with <see cref="NarrowTerms"/>.</summary>
    public void GetForward(int ordinal, out ReadOnlySpan<ushort> indices, out ReadOnlySpan<float> values)
    {
        var (start, length) = ForwardRange(ordinal);
        indices = Cast<ushort>(_forwardIndices).Slice(start, length);
        values = Cast<float>(_forwardValues).Slice(start, length);
    }

    /// <summary>The sorted term indices and weights of document <paramref name="ordinal"/>, in a segment without <see cref="NarrowTerms"/>.</summary>
    public void GetForward(int ordinal, out ReadOnlySpan<uint> indices, out ReadOnlySpan<float> values)
    {
        var (start, length) = ForwardRange(ordinal);
        indices = Cast<uint>(_forwardIndices).Slice(start, length);
        values = Cast<float>(_forwardValues).Slice(start, length);
    }

    /// <summary>The term indices of document <paramref name="ordinal"/>, in a segment with <see cref="NarrowTerms"/>.</summary>
    public ReadOnlySpan<ushort> NarrowIndices(int ordinal)
    {
        GetForward(ordinal, out ReadOnlySpan<ushort> indices, out _);
        return indices;
    }

    /// <summary>Every document's forward row start: row d is entries [starts[d], starts[d + 1]).</summary>
    public ReadOnlySpan<long> ForwardStarts => Cast<long>(_forwardStarts);

    /// <summary>Every forward entry's term index, in a segment with <see cref="NarrowTerms"/>.</summary>
    public ReadOnlySpan<ushort> NarrowForwardIndices => Cast<ushort>(_forwardIndices);

    /// <summary>Every forward entry's weight.</summary>
    public ReadOnlySpan<float> ForwardValues => Cast<float>(_forwardValues);

    /// <summary>The vocabulary the segment's terms lie in: its largest term plus one (1 when it has none).</summary>
    public uint Dimension => TermCount == 0 ? 1u : Terms[^1] + 1;

    /// <summary>Prefetches what <see cref="GetForward(int, out ReadOnlySpan{ushort}, out ReadOnlySpan{float})"/> and a collector
    /// read first for document <paramref name="ordinal"/>: its row's start and its sequence number.</summary>
    public void PrefetchForwardStart(int ordinal)
    {
        CacheHints.Prefetch(in Cast<long>(_forwardStarts)[ordinal]);
        CacheHints.Prefetch(in Sequences[ordinal]);
    }

    /// <summary>Prefetches the row of document <paramref name="ordinal"/> in a segment with <see cref="NarrowTerms"/>.</summary>
    public void PrefetchForward(int ordinal)
    {
        GetForward(ordinal, out ReadOnlySpan<ushort> indices, out var values);
        CacheHints.Prefetch(indices);
        CacheHints.Prefetch(values);
    }

    /// <summary>Reads <paramref name="file"/> as the segment's approximate index; the segment owns the file from here on (it is
    /// closed with the segment, or at once when it cannot be read).</summary>
    /// <exception cref="IndexCorruptedException">The file is damaged or does not match the segment; the message names it.</exception>
    public void AttachApproximate(IndexFileData file)
    {
        try
        {
            if (Approximate is not null)
            {
                throw new InvalidOperationException($"Segment {Id} already has an approximate index.");
            }

            Approximate = ApproximateFile.Read(file, this);
            _approximateFile = file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Takes a reference, so that the files stay open until <see cref="Release"/>; false when the segment is already closed.</summary>
    public bool TryRetain() => _references.TryRetain();

    /// <summary>Takes a reference on a segment known to be open (its caller holds one).</summary>
    public void Retain()
    {
        ObjectDisposedException.ThrowIf(!TryRetain(), this);
    }

    /// <summary>Gives a reference back; the last one closes the segment's files.</summary>
    public void Release()
    {
        if (_references.Release())
        {
            foreach (var file in _files)
            {
                file.Dispose();
            }

            _approximateFile?.Dispose();
        }
    }

    /// <summary>Gives the creator's reference back: the files close once no snapshot or reader holds the segment any more.</summary>
    public void Dispose() => Release();

    /// <summary>The weights of document <paramref name="ordinal"/>, one per term index, whatever the indices' width.</summary>
    public ReadOnlySpan<float> GetForwardValues(int ordinal)
    {
        var (start, length) = ForwardRange(ordinal);
        return Cast<float>(_forwardValues).Slice(start, length);
    }

    private (int Start, int Length) ForwardRange(int ordinal)
    {
        var starts = Cast<long>(_forwardStarts);
        var start = (int)starts[ordinal];
        return (start, (int)(starts[ordinal + 1] - start));
    }

    private static IndexFileData OpenFile(IIndexDirectory directory, string name)
        => directory.Exists(name) ? directory.OpenRead(name) : throw new IndexCorruptedException(name, "the commit lists it but the file is missing.");

    private static ReadOnlySpan<T> Cast<T>(ReadOnlyMemory<byte> bytes)
        where T : struct
        => MemoryMarshal.Cast<byte, T>(bytes.Span);
}
