using System.Runtime.InteropServices;
using Splade.Index.Segments.Legacy;
using Splade.Index.Storage;

namespace Splade.Index.Segments;

/// <summary>Reads a segment's files in the current layout of each kind (docs/FORMAT.md), without copying: every part is a slice of
/// the file's (memory-mapped) bytes. A file written by an older format version is handed to <see cref="LegacySegmentFormat"/>,
/// which converts it into the same parts.</summary>
internal static class SegmentFormat
{
    /// <summary>The first version of the current Postings layout (weight tiers).</summary>
    public const ushort PostingsVersion = 5;

    /// <summary>The first version of the current Forward layout (u16 term indices when every term is below 65,536).</summary>
    public const ushort ForwardVersion = 4;

    /// <summary>The first version of the current Documents layout (typed metadata after the text).</summary>
    public const ushort TypedMetadataVersion = 7;

    /// <summary>The first version of the current Dense layout (precision and int8 scales).</summary>
    public const ushort DenseVersion = 2;

    public static ForwardPart ReadForward(IndexFileData file)
    {
        var payload = ChecksummedFile.Unwrap(file.Name, file.Bytes, IndexFileKind.Forward, out var version);
        var reader = new SectionReader(file.Name, payload);
        var starts = reader.Next<long>("forward starts");
        var indices = reader.Next<ushort>("forward indices");
        var values = reader.Next<float>("forward values");
        reader.End();
        var entries = MemoryMarshal.Cast<byte, long>(starts.Span) is { Length: > 0 } offsets ? offsets[^1] : -1;
        var forward = new ForwardPart(starts, indices, values, NarrowTerms: indices.Length != entries * sizeof(uint));
        return version >= ForwardVersion ? forward : LegacySegmentFormat.NarrowForward(file, forward);
    }

    public static PostingsPart ReadPostings(IndexFileData file, IndexFileData forwardFile)
    {
        var payload = ChecksummedFile.Unwrap(file.Name, file.Bytes, IndexFileKind.Postings, out var version);
        if (version < PostingsVersion)
        {
            return LegacySegmentFormat.ReadPostings(file, payload, version, forwardFile);
        }

        var reader = new SectionReader(file.Name, payload);
        var counts = reader.Next<long>("counts");
        var tierStarts = reader.Next<byte>("tier starts");
        return ReadPostingsAfterTiers(file, ref reader, counts, tierStarts);
    }

    /// <summary>The Postings sections from the terms on, after the counts and the tier starts.</summary>
    public static PostingsPart ReadPostingsAfterTiers(
        IndexFileData file, ref SectionReader reader, ReadOnlyMemory<byte> counts, ReadOnlyMemory<byte> tierStarts)
    {
        var values = MemoryMarshal.Cast<byte, long>(counts.Span);
        if (values.Length != 2 || values[0] < 0 || values[1] < 0 || values[0] > int.MaxValue || values[1] > int.MaxValue)
        {
            throw new IndexCorruptedException(file.Name, "the document and term counts are missing or out of range.");
        }

        var part = new PostingsPart(
            (int)values[0],
            (int)values[1],
            tierStarts,
            reader.Next<uint>("terms"),
            reader.Next<long>("chunk starts"),
            reader.Next<float>("term maximum weights"),
            reader.Next<float>("term minimum weights"),
            reader.Next<ushort>("posting documents"),
            reader.Next<byte>("posting weight codes"));
        reader.End();
        return part;
    }

    public static DocumentsPart ReadDocuments(IndexFileData file)
    {
        var payload = ChecksummedFile.Unwrap(file.Name, file.Bytes, IndexFileKind.Documents, out var version);
        var reader = new SectionReader(file.Name, payload);
        var part = new DocumentsPart(
            reader.Next<long>("sequence numbers"),
            reader.Next<byte>("flags"),
            reader.Next<long>("id starts"),
            reader.Next<byte>("ids"),
            reader.Next<long>("metadata starts"),
            reader.Next<byte>("metadata"),
            reader.Next<long>("text starts"),
            reader.Next<byte>("text"),
            version >= TypedMetadataVersion ? ReadTypedMetadata(ref reader) : null);
        reader.End();
        return part;
    }

    /// <summary>The typed metadata sections that follow the text in a Documents file (<see cref="TypedMetadata"/>).</summary>
    public static TypedMetadataPart ReadTypedMetadata(ref SectionReader reader) => new(
        reader.Next<long>("metadata node starts"),
        reader.Next<uint>("metadata node heads"),
        reader.Next<int>("metadata node values"),
        reader.Next<double>("metadata numbers"),
        reader.Next<long>("metadata string starts"),
        reader.Next<char>("metadata strings"),
        reader.Next<double>("metadata string dates"));

    public static DensePart ReadDense(IndexFileData file)
    {
        var payload = ChecksummedFile.Unwrap(file.Name, file.Bytes, IndexFileKind.Dense, out var version);
        if (version < DenseVersion)
        {
            return LegacySegmentFormat.ReadDense(file, payload);
        }

        var reader = new SectionReader(file.Name, payload);
        var header = MemoryMarshal.Cast<byte, long>(reader.Next<long>("dense header").Span);
        if (header.Length != 2 || header[0] is < 0 or > int.MaxValue)
        {
            throw new IndexCorruptedException(file.Name, "the dense dimension is missing or out of range.");
        }

        var precision = header[1] switch
        {
            (long)DensePrecision.Float32 => DensePrecision.Float32,
            (long)DensePrecision.Int8 => DensePrecision.Int8,
            var code => throw new IndexCorruptedException(file.Name, $"the dense precision code {code} is unknown (0 is float32, 1 is int8)."),
        };
        var rows = reader.Next<int>("dense rows");
        var scales = reader.Next<float>("dense scales");
        var values = precision == DensePrecision.Int8 ? reader.Next<sbyte>("dense codes") : reader.Next<float>("dense values");
        reader.End();
        return new DensePart((int)header[0], precision, rows, scales, values);
    }
}
