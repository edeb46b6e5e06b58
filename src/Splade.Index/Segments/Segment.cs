using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using Splade.Index.Approximate;
using Splade.Index.Quantization;
using Splade.Index.Search;
using Splade.Index.Storage;

namespace Splade.Index.Segments;

/// <summary>An immutable, searchable set of documents: inverted index, forward index, stored fields and dense vectors.</summary>
/// <remarks>
/// A segment's files are written once and never changed; deletions live in a separate <see cref="LiveDocuments"/> bitset per commit.
/// Every accessor returns spans over the files' bytes (memory-mapped on disk), so reading a segment copies nothing. Documents are
/// numbered by ordinal 0..<see cref="DocumentCount"/>-1 in insertion order. A segment may also have an approximate index, an
/// <see cref="IndexFileKind.Approximate"/> file read the same way (<see cref="Approximate"/>). Files of older format versions are
/// converted by <see cref="SegmentFormat"/> on open, so this class serves the current layout only.
/// </remarks>
internal sealed class Segment : IDisposable
{
    private readonly IndexFileData[] _files;
    private IndexFileData? _approximateFile;

    /// <summary>The owners still holding the segment: its creator until it lets go (<see cref="Dispose"/>), and every snapshot or
    /// reader that retained it. The files are closed when the last one releases it.</summary>
    private int _references = 1;

    private readonly ReadOnlyMemory<byte> _tierStarts, _terms, _chunkStarts, _maxWeights, _minWeights, _postingLows, _postingCodes;
    private readonly ReadOnlyMemory<byte> _forwardStarts, _forwardIndices, _forwardValues;
    private readonly ReadOnlyMemory<byte> _sequences, _flags, _idStarts, _idBytes, _metadataStarts, _metadataBytes, _textStarts, _textBytes;
    private readonly ReadOnlyMemory<byte> _denseRows, _denseScales, _denseValues;
    private readonly DocumentsPart _documents;
    private object? _typedMetadataLock;
    private TypedMetadata? _typedMetadata;

    /// <summary>Reads the files (<see cref="SegmentFiles.Required"/> order) through <see cref="SegmentFormat"/>.</summary>
    private Segment(int id, IndexFileData[] files)
    {
        Id = id;
        _files = files;
        var forward = SegmentFormat.ReadForward(files[1]);
        (_forwardStarts, _forwardIndices, _forwardValues) = (forward.Starts, forward.Indices, forward.Values);
        NarrowTerms = forward.NarrowTerms;

        var postings = SegmentFormat.ReadPostings(files[0], files[1]);
        DocumentCount = postings.DocumentCount;
        TermCount = postings.TermCount;
        ChunkCount = PostingsFileBuilder.ChunkCount(DocumentCount);
        _tierStarts = postings.TierStarts;
        CheckTierStarts(files[0], TierStarts);
        (_terms, _chunkStarts, _maxWeights, _minWeights) = (postings.Terms, postings.ChunkStarts, postings.MaxWeights, postings.MinWeights);
        (_postingLows, _postingCodes) = (postings.Lows, postings.Codes);

        var documents = _documents = SegmentFormat.ReadDocuments(files[2]);
        (_sequences, _flags, _idStarts, _idBytes) = (documents.Sequences, documents.Flags, documents.IdStarts, documents.IdBytes);
        (_metadataStarts, _metadataBytes) = (documents.MetadataStarts, documents.MetadataBytes);
        (_textStarts, _textBytes) = (documents.TextStarts, documents.TextBytes);

        var dense = SegmentFormat.ReadDense(files[3]);
        DenseDimension = dense.Dimension;
        DensePrecision = dense.Precision;
        (_denseRows, _denseScales, _denseValues) = (dense.Rows, dense.Scales, dense.Values);
        CheckShapes();
    }

    /// <summary>The segment's number, unique within its index; it names the segment's files.</summary>
    public int Id { get; }

    public int DocumentCount { get; }

    public int TermCount { get; }

    public int DenseDimension { get; }

    /// <summary>How the segment stores its dense vectors: float32 values, or a scale and int8 codes per vector.</summary>
    public DensePrecision DensePrecision { get; }

    /// <summary>The segment's approximate index, when the index builds them (attached once, right after the segment is opened or built).</summary>
    public ApproximateIndex? Approximate { get; private set; }

    /// <summary>The number of <see cref="PostingsFileBuilder.ChunkSize"/>-document chunks the postings are grouped in.</summary>
    public int ChunkCount { get; }

    public long PostingCount => PostingLows.Length;

    public long SizeInBytes
    {
        get
        {
            long total = 0;
            foreach (var file in _files)
            {
                total += file.Bytes.Length;
            }

            return total + (_approximateFile?.Bytes.Length ?? 0);
        }
    }

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

    public ReadOnlySpan<byte> GetIdUtf8(int ordinal) => Slice(_idStarts, _idBytes, ordinal);

    public string GetId(int ordinal) => Encoding.UTF8.GetString(GetIdUtf8(ordinal));

    public bool HasMetadata(int ordinal) => (_flags.Span[ordinal] & SegmentFlags.HasMetadata) != 0;

    public bool HasText(int ordinal) => (_flags.Span[ordinal] & SegmentFlags.HasText) != 0;

    public ReadOnlySpan<byte> GetMetadataUtf8(int ordinal) => Slice(_metadataStarts, _metadataBytes, ordinal);

    public ReadOnlySpan<byte> GetTextUtf8(int ordinal) => Slice(_textStarts, _textBytes, ordinal);

    /// <summary>The documents' metadata in typed form, which compiled filters read. Read in place and checked when first asked
    /// for; in a Documents file before format version 7 (JSON alone), built from the JSON then, once.</summary>
    /// <exception cref="IndexCorruptedException">The typed sections, or an older file's JSON, are damaged; the message names the file.</exception>
    public TypedMetadata TypedMetadata => LazyInitializer.EnsureInitialized(ref _typedMetadata, ref _typedMetadataLock, ReadTypedMetadata);

    public JsonObject? GetMetadata(int ordinal)
        => HasMetadata(ordinal) ? JsonNode.Parse(GetMetadataUtf8(ordinal))!.AsObject() : null;

    public string? GetText(int ordinal) => HasText(ordinal) ? Encoding.UTF8.GetString(GetTextUtf8(ordinal)) : null;

    /// <summary>The dense row of each document (vector <c>r</c> is values or codes <c>[r × D, (r + 1) × D)</c>), or -1 for none.</summary>
    public ReadOnlySpan<int> DenseRows => Cast<int>(_denseRows);

    /// <summary>The float32 rows, row-major; empty in an int8 segment.</summary>
    public ReadOnlySpan<float> DenseValues => DensePrecision == DensePrecision.Float32 ? Cast<float>(_denseValues) : default;

    /// <summary>The int8 rows, row-major; empty in a float32 segment.</summary>
    public ReadOnlySpan<sbyte> DenseCodes => DensePrecision == DensePrecision.Int8 ? Cast<sbyte>(_denseValues) : default;

    /// <summary>The scale of each int8 row; empty in a float32 segment.</summary>
    public ReadOnlySpan<float> DenseScales => Cast<float>(_denseScales);

    /// <summary>A copy of the document's dense vector, decoded (scale × code) in an int8 segment, or null when it has none.</summary>
    public float[]? ReadDense(int ordinal)
    {
        var row = DenseRows[ordinal];
        if (row < 0)
        {
            return null;
        }

        var dense = new float[DenseDimension];
        if (DensePrecision == DensePrecision.Float32)
        {
            DenseValues.Slice(row * DenseDimension, DenseDimension).CopyTo(dense);
        }
        else
        {
            DenseInt8.Decode(DenseCodes.Slice(row * DenseDimension, DenseDimension), DenseScales[row], dense);
        }

        return dense;
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
    public bool TryRetain()
    {
        var references = Volatile.Read(ref _references);
        while (references > 0)
        {
            var seen = Interlocked.CompareExchange(ref _references, references + 1, references);
            if (seen == references)
            {
                return true;
            }

            references = seen;
        }

        return false;
    }

    /// <summary>Takes a reference on a segment known to be open (its caller holds one).</summary>
    public void Retain()
    {
        ObjectDisposedException.ThrowIf(!TryRetain(), this);
    }

    /// <summary>Gives a reference back; the last one closes the segment's files.</summary>
    public void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
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

    private void CheckShapes()
    {
        var chunkStarts = ChunkStarts;
        var forwardStarts = Cast<long>(_forwardStarts);
        var documentCount = DocumentCount;
        if (Terms.Length != TermCount || chunkStarts.Length != ((long)TermCount * Tiers * ChunkCount) + 1 || TermMaxWeights.Length != TermCount
            || TermMinWeights.Length != TermCount || PostingCodes.Length != PostingLows.Length || chunkStarts[^1] != PostingLows.Length)
        {
            throw Corrupt(_files[0], "its sections disagree on the number of terms or postings.");
        }

        var forwardEntries = _forwardIndices.Length / (NarrowTerms ? sizeof(ushort) : sizeof(uint));
        if (forwardStarts.Length != documentCount + 1 || forwardStarts[^1] != forwardEntries || _forwardIndices.Length % sizeof(ushort) != 0
            || Cast<float>(_forwardValues).Length != forwardEntries || forwardStarts[^1] != PostingLows.Length)
        {
            throw Corrupt(_files[1], "its sections disagree with the postings on the number of documents or entries.");
        }

        if (Sequences.Length != documentCount || _flags.Length != documentCount || Cast<long>(_idStarts).Length != documentCount + 1
            || Cast<long>(_metadataStarts).Length != documentCount + 1 || Cast<long>(_textStarts).Length != documentCount + 1
            || Cast<long>(_idStarts)[^1] != _idBytes.Length || Cast<long>(_metadataStarts)[^1] != _metadataBytes.Length
            || Cast<long>(_textStarts)[^1] != _textBytes.Length)
        {
            throw Corrupt(_files[2], "its sections disagree on the number of documents.");
        }

        CheckDenseShapes();
    }

    private void CheckDenseShapes()
    {
        var rows = DenseRows;
        var scales = DenseScales.Length;
        var values = DensePrecision == DensePrecision.Int8 ? DenseCodes.Length : DenseValues.Length;
        var rowCount = DenseDimension == 0 ? 0 : values / DenseDimension;
        if (rows.Length != DocumentCount || (DenseDimension == 0 ? values != 0 : values % DenseDimension != 0)
            || scales != (DensePrecision == DensePrecision.Int8 ? rowCount : 0))
        {
            throw Corrupt(_files[3], "its sections disagree on the number of documents, vectors or the dimension.");
        }

        foreach (var row in rows)
        {
            if (row < -1 || row >= rowCount)
            {
                throw Corrupt(_files[3], $"a document points at dense row {row}, outside the {rowCount} stored.");
            }
        }
    }

    private TypedMetadata ReadTypedMetadata()
    {
        if (_documents.Typed is not { } part)
        {
            return TypedMetadataBuilder.Convert(_files[2].Name, _documents, DocumentCount);
        }

        var typed = new TypedMetadata(part);
        typed.Validate(_files[2].Name, DocumentCount);
        return typed;
    }

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

    private static ReadOnlySpan<byte> Slice(ReadOnlyMemory<byte> starts, ReadOnlyMemory<byte> bytes, int ordinal)
    {
        var offsets = Cast<long>(starts);
        return bytes.Span[(int)offsets[ordinal]..(int)offsets[ordinal + 1]];
    }

    private static ReadOnlySpan<T> Cast<T>(ReadOnlyMemory<byte> bytes)
        where T : struct
        => MemoryMarshal.Cast<byte, T>(bytes.Span);

    /// <summary>The tier starts must begin at code 0 and increase, so that every code belongs to exactly one tier.</summary>
    private static void CheckTierStarts(IndexFileData file, ReadOnlySpan<byte> tierStarts)
    {
        var increasing = tierStarts.Length > 0 && tierStarts[0] == 0;
        for (var i = 1; increasing && i < tierStarts.Length; i++)
        {
            increasing = tierStarts[i] > tierStarts[i - 1];
        }

        if (!increasing)
        {
            throw Corrupt(file, "its weight tiers do not start at code 0 and increase.");
        }
    }

    private static IndexCorruptedException Corrupt(IndexFileData file, string message) => new(file.Name, message);
}
