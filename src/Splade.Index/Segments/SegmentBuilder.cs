using System.Globalization;
using System.Text;
using Splade.Core;
using Splade.Index.Quantization;
using Splade.Index.Storage;

namespace Splade.Index.Segments;

/// <summary>Collects documents in ordinal order and produces the checksummed files of one immutable segment.</summary>
internal sealed class SegmentBuilder
{
    private readonly GrowableArray<long> _sequences = new();
    private readonly GrowableArray<byte> _flags = new();
    private readonly GrowableArray<long> _forwardStarts = new();
    private readonly GrowableArray<uint> _indices = new(1024);
    private readonly GrowableArray<float> _values = new(1024);
    private readonly GrowableArray<long> _idStarts = new();
    private readonly GrowableArray<byte> _idBytes = new(1024);
    private readonly GrowableArray<long> _metadataStarts = new();
    private readonly GrowableArray<byte> _metadataBytes = new();
    private readonly GrowableArray<long> _textStarts = new();
    private readonly GrowableArray<byte> _textBytes = new();
    private readonly GrowableArray<int> _denseRows = new();
    private readonly GrowableArray<float> _denseValues = new();
    private readonly GrowableArray<float> _denseScales = new();
    private readonly GrowableArray<sbyte> _denseCodes = new();
    private readonly DensePrecision _densePrecision;
    private int _denseCount;
    private uint _maxTerm;
    private sbyte[] _codeScratch = [];

    /// <param name="densePrecision">How the segment stores dense vectors; with <see cref="DensePrecision.Int8"/>, float vectors are quantised as they are
    /// added.</param>
    public SegmentBuilder(DensePrecision densePrecision)
    {
        _densePrecision = densePrecision;
        _forwardStarts.Add(0);
        _idStarts.Add(0);
        _metadataStarts.Add(0);
        _textStarts.Add(0);
    }

    public int DocumentCount => _sequences.Count;

    public long PostingCount => _indices.Count;

    /// <summary>The dimension shared by the dense vectors added so far, or 0.</summary>
    public int DenseDimension { get; private set; }

    /// <summary>Appends one document; spans marked absent by their flag are ignored.</summary>
    public void Add(in StoredDocument document)
    {
        _sequences.Add(document.Sequence);
        _flags.Add((byte)((document.HasMetadata ? SegmentFlags.HasMetadata : 0) | (document.HasText ? SegmentFlags.HasText : 0)));
        if (document.NarrowIndices.IsEmpty)
        {
            _indices.AddRange(document.Indices);
        }
        else
        {
            foreach (var term in document.NarrowIndices)
            {
                _indices.Add(term);
            }
        }

        _values.AddRange(document.Values);
        _forwardStarts.Add(_indices.Count);
        var count = document.Values.Length;
        if (count > 0 && _indices.Span[^1] > _maxTerm)
        {
            _maxTerm = _indices.Span[^1];
        }

        _idBytes.AddRange(document.IdUtf8);
        _idStarts.Add(_idBytes.Count);
        _metadataBytes.AddRange(document.MetadataUtf8);
        _metadataStarts.Add(_metadataBytes.Count);
        _textBytes.AddRange(document.TextUtf8);
        _textStarts.Add(_textBytes.Count);
        var length = document.DenseCodes.IsEmpty ? document.Dense.Length : document.DenseCodes.Length;
        if (length == 0)
        {
            _denseRows.Add(-1);
            return;
        }

        if (DenseDimension == 0)
        {
            DenseDimension = length;
        }
        else if (DenseDimension != length)
        {
            throw new ArgumentException($"Dense vector of length {length} where the segment's dimension is {DenseDimension}.");
        }

        _denseRows.Add(_denseCount++);
        AddDense(document);
    }

    /// <summary>A segment of bare vectors (ids and sequence numbers are their positions, no metadata), held in memory: what the
    /// approximate index's tests and benchmark build it over.</summary>
    public static Segment InMemory(IEnumerable<SparseVector> vectors, int id = 1)
    {
        var builder = new SegmentBuilder(DensePrecision.Float32);
        var ordinal = 0;
        foreach (var vector in vectors)
        {
            builder.Add(new StoredDocument
            {
                IdUtf8 = Encoding.UTF8.GetBytes(ordinal.ToString(CultureInfo.InvariantCulture)),
                Sequence = ordinal++,
                Indices = vector.Indices,
                Values = vector.Values,
            });
        }

        return Segment.FromBuilt(id, builder.Build());
    }

    /// <summary>Builds the segment's files, keyed by kind, each already wrapped with header and footer.</summary>
    public Dictionary<IndexFileKind, byte[]> Build()
    {
        var typedMetadata = TypedMetadata();
        return new Dictionary<IndexFileKind, byte[]>
        {
            [IndexFileKind.Postings] = PostingsFileBuilder.Build(_forwardStarts.Span, _indices.Span, _values.Span, _maxTerm),
            [IndexFileKind.Forward] = FileSectionWriter.Write(IndexFileKind.Forward, w =>
            {
                w.Write(_forwardStarts.Span);
                WriteForwardIndices(w);
                w.Write(_values.Span);
            }),
            [IndexFileKind.Documents] = FileSectionWriter.Write(IndexFileKind.Documents, w =>
            {
                w.Write(_sequences.Span);
                w.Write(_flags.Span);
                w.Write(_idStarts.Span);
                w.Write(_idBytes.Span);
                w.Write(_metadataStarts.Span);
                w.Write(_metadataBytes.Span);
                w.Write(_textStarts.Span);
                w.Write(_textBytes.Span);
                typedMetadata.Write(w);
            }),
            [IndexFileKind.Dense] = FileSectionWriter.Write(IndexFileKind.Dense, w =>
            {
                w.Write<long>([DenseDimension, (long)_densePrecision]);
                w.Write(_denseRows.Span);
                w.Write(_denseScales.Span);
                if (_densePrecision == DensePrecision.Int8)
                {
                    w.Write(_denseCodes.Span);
                }
                else
                {
                    w.Write(_denseValues.Span);
                }
            }),
        };
    }

    /// <summary>The documents' metadata in typed form, which filters read (<see cref="Segments.TypedMetadata"/>).</summary>
    private TypedMetadataBuilder TypedMetadata()
    {
        var builder = new TypedMetadataBuilder();
        var flags = _flags.Span;
        var starts = _metadataStarts.Span;
        var bytes = _metadataBytes.Span;
        for (var d = 0; d < flags.Length; d++)
        {
            builder.Add((flags[d] & SegmentFlags.HasMetadata) != 0, bytes[(int)starts[d]..(int)starts[d + 1]]);
        }

        return builder;
    }

    /// <summary>Writes the term indices as u16 when every term is below 65,536 (a BERT vocabulary's are), else as u32: readers tell the
    /// two apart by the section's length.</summary>
    private void WriteForwardIndices(FileSectionWriter writer)
    {
        if (_maxTerm > ushort.MaxValue)
        {
            writer.Write(_indices.Span);
            return;
        }

        var narrow = writer.Reserve<ushort>(_indices.Count);
        var indices = _indices.Span;
        for (var i = 0; i < narrow.Length; i++)
        {
            narrow[i] = (ushort)indices[i];
        }
    }

    private void AddDense(in StoredDocument document)
    {
        if (_densePrecision == DensePrecision.Float32)
        {
            if (!document.DenseCodes.IsEmpty)
            {
                throw new InvalidOperationException("An int8-coded dense vector cannot be copied into a float32 segment; an index keeps one dense precision.");
            }

            _denseValues.AddRange(document.Dense);
            return;
        }

        if (!document.DenseCodes.IsEmpty)
        {
            _denseScales.Add(document.DenseScale);
            _denseCodes.AddRange(document.DenseCodes);
            return;
        }

        if (_codeScratch.Length < document.Dense.Length)
        {
            _codeScratch = new sbyte[document.Dense.Length];
        }

        var codes = _codeScratch.AsSpan(0, document.Dense.Length);
        _denseScales.Add(DenseInt8.Encode(document.Dense, codes));
        _denseCodes.AddRange(codes);
    }
}
