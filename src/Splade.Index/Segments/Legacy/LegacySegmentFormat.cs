using System.Runtime.InteropServices;
using System.Text.Json;
using Splade.Index.Storage;

namespace Splade.Index.Segments.Legacy;

/// <summary>Reads segment files written by older format versions and converts them, in memory, into the current layout's parts, so
/// that the rest of the engine knows one layout. Converted parts cost memory until a merge rewrites the segment in the current
/// format. What each version changed is in docs/FORMAT.md.</summary>
internal static class LegacySegmentFormat
{
    /// <summary>The tiers of Postings files before version 5: one, holding every code.</summary>
    private static readonly byte[] SingleTier = [0];

    /// <summary>Forward files before version 4 hold u32 term indices; when every term is below 65,536 they are narrowed to u16 (as
    /// the current version writes them), which exact re-scoring and the approximate index read directly.</summary>
    public static ForwardPart NarrowForward(IndexFileData file, ForwardPart forward)
    {
        if (forward.NarrowTerms)
        {
            throw new IndexCorruptedException(file.Name, "its term indices are 16-bit, which files before format version 4 never hold.");
        }

        var wide = MemoryMarshal.Cast<byte, uint>(forward.Indices.Span);
        var narrow = new ushort[wide.Length];
        for (var i = 0; i < wide.Length; i++)
        {
            if (wide[i] > ushort.MaxValue)
            {
                return forward;
            }

            narrow[i] = (ushort)wide[i];
        }

        return forward with { Indices = MemoryMarshal.AsBytes(narrow.AsSpan()).ToArray(), NarrowTerms = true };
    }

    /// <summary>
    /// Postings files of versions 3 and 4 hold no tier section: one tier of every code, read as it is. Files of versions 1 and 2
    /// (float32 weights and 32-bit ordinals) are rebuilt from the forward file, which holds the same postings.
    /// </summary>
    public static PostingsPart ReadPostings(IndexFileData file, ReadOnlyMemory<byte> payload, ushort version, IndexFileData forwardFile)
    {
        if (version >= ChecksummedFile.ImpactPostingsVersion)
        {
            var reader = new SectionReader(file.Name, payload);
            var counts = reader.Next<long>("counts");
            return SegmentFormat.ReadPostingsAfterTiers(file, ref reader, counts, SingleTier);
        }

        var forward = new SectionReader(forwardFile.Name, ChecksummedFile.Unwrap(forwardFile.Name, forwardFile.Bytes, IndexFileKind.Forward));
        var starts = MemoryMarshal.Cast<byte, long>(forward.Next<long>("forward starts").Span);
        var indices = MemoryMarshal.Cast<byte, uint>(forward.Next<uint>("forward indices").Span);
        var values = MemoryMarshal.Cast<byte, float>(forward.Next<float>("forward values").Span);
        if (starts.Length == 0 || starts[^1] != indices.Length || values.Length != indices.Length)
        {
            throw new IndexCorruptedException(forwardFile.Name, "its sections disagree on the number of entries.");
        }

        var maxTerm = 0u;
        foreach (var term in indices)
        {
            maxTerm = Math.Max(maxTerm, term);
        }

        var rebuilt = new ArrayFileData(file.Name, PostingsFileBuilder.Build(starts, indices, values, maxTerm));
        return SegmentFormat.ReadPostings(rebuilt, forwardFile);
    }

    /// <summary>Dense files of version 1 hold the dimension alone and float32 rows: no precision and no scales.</summary>
    public static DensePart ReadDense(IndexFileData file, ReadOnlyMemory<byte> payload)
    {
        var reader = new SectionReader(file.Name, payload);
        var header = MemoryMarshal.Cast<byte, long>(reader.Next<long>("dense header").Span);
        if (header.Length != 1 || header[0] is < 0 or > int.MaxValue)
        {
            throw new IndexCorruptedException(file.Name, "the dense dimension is missing or out of range.");
        }

        var rows = reader.Next<int>("dense rows");
        var values = reader.Next<float>("dense values");
        reader.End();
        return new DensePart((int)header[0], DensePrecision.Float32, rows, ReadOnlyMemory<byte>.Empty, values);
    }

    /// <summary>The typed metadata of a Documents file written before format version 7 (which holds the JSON alone), built in
    /// memory from its JSON: once, when the segment is first filtered on.</summary>
    /// <exception cref="IndexCorruptedException">A document's metadata is not a JSON object.</exception>
    public static TypedMetadata TypeMetadata(string name, DocumentsPart documents, int documentCount)
    {
        var flags = documents.Flags.Span;
        var starts = MemoryMarshal.Cast<byte, long>(documents.MetadataStarts.Span);
        var bytes = documents.MetadataBytes.Span;
        var builder = new TypedMetadataBuilder();
        for (var d = 0; d < documentCount; d++)
        {
            try
            {
                builder.Add((flags[d] & SegmentFlags.HasMetadata) != 0, bytes[(int)starts[d]..(int)starts[d + 1]]);
            }
            catch (JsonException error)
            {
                throw new IndexCorruptedException(name, $"the metadata of document {d} is not a JSON object: {error.Message}", error);
            }
        }

        var file = FileSectionWriter.Write(IndexFileKind.Documents, builder.Write);
        var reader = new SectionReader(name, ChecksummedFile.Unwrap(name, file, IndexFileKind.Documents));
        var typed = new TypedMetadata(SegmentFormat.ReadTypedMetadata(ref reader));
        reader.End();
        return typed;
    }
}
