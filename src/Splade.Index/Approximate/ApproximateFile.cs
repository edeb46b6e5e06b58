using System.Runtime.InteropServices;
using Splade.Index.Segments;
using Splade.Index.Segments.Legacy;
using Splade.Index.Storage;

namespace Splade.Index.Approximate;

/// <summary>A segment's approximate index as its <c>seg_N.apx</c> file: the standard envelope and sections of every segment file
/// (docs/FORMAT.md), read in place.</summary>
/// <remarks>
/// Sections: <c>i64[8]</c> dimension, documents, ordinal width and the integer build knobs (postings per term, block size, most
/// summary terms, clustering terms, seed); <c>f32[1]</c> summary energy; then the arrays of <see cref="ApproximateIndexLayout"/> in
/// its order. Files of format versions before 6 hold the index's own older stream format instead; <see cref="LegacyApproximateFormat"/>
/// converts them when they are opened.
/// </remarks>
internal static class ApproximateFile
{
    /// <summary>The first format version whose approximate files hold sections.</summary>
    public const ushort SectionsVersion = 6;

    private const int HeaderLength = 8;

    /// <summary>The file of <paramref name="layout"/>, built over <paramref name="segment"/> with <paramref name="options"/>.</summary>
    public static byte[] Write(ApproximateIndexLayout layout, ApproximateIndexOptions options, Segment segment)
        => Write(layout, options, segment.Dimension, segment.DocumentCount);

    public static byte[] Write(ApproximateIndexLayout layout, ApproximateIndexOptions options, uint dimension, int documentCount)
        => FileSectionWriter.Write(IndexFileKind.Approximate, writer =>
        {
            writer.Write<long>(
            [
                dimension, documentCount, layout.OrdinalWidth, options.PostingsPerTerm, options.BlockSize, options.MaxSummaryTerms,
                options.ClusteringTerms, options.Seed,
            ]);
            writer.Write<float>([options.SummaryEnergy]);
            writer.Write<int>(layout.TermBlockStarts);
            writer.Write<int>(layout.BlockDocStarts);
            writer.Write<byte>(layout.BlockDocs);
            writer.Write<int>(layout.BlockSummaryStarts);
            writer.Write<ushort>(layout.SummaryTerms);
            writer.Write<byte>(layout.SummaryLevels);
            writer.Write<float>(layout.BlockScales);
        });

    /// <summary>Reads the approximate index of <paramref name="segment"/> from <paramref name="file"/>, in place.</summary>
    /// <exception cref="IndexCorruptedException">The file is damaged or was built for other documents; the message names it.</exception>
    public static ApproximateIndex Read(IndexFileData file, Segment segment)
    {
        var payload = ChecksummedFile.Unwrap(file.Name, file.Bytes, IndexFileKind.Approximate, out var version);
        if (version < SectionsVersion)
        {
            payload = LegacyApproximateFormat.Convert(file.Name, payload);
        }

        var reader = new SectionReader(file.Name, payload);
        var header = MemoryMarshal.Cast<byte, long>(reader.Next<long>("header").Span);
        var energy = MemoryMarshal.Cast<byte, float>(reader.Next<float>("summary energy").Span);
        if (header.Length != HeaderLength || energy.Length != 1)
        {
            throw new IndexCorruptedException(file.Name, "its header is missing or of the wrong length.");
        }

        if (header[0] != segment.Dimension || header[1] != segment.DocumentCount)
        {
            throw new IndexCorruptedException(
                file.Name,
                $"it covers {header[1]} documents over {header[0]} terms, but its segment has {segment.DocumentCount} documents over " +
                $"{segment.Dimension} terms.");
        }

        var width = (int)Math.Clamp(header[2], 0, sizeof(uint));
        if (width is not (3 or sizeof(uint)) || width < PackedOrdinals.WidthFor(segment.DocumentCount))
        {
            throw new IndexCorruptedException(file.Name, $"it stores ordinals in {header[2]} bytes; {segment.DocumentCount} documents need 3 (4 above 2^24).");
        }

        var options = ReadOptions(file.Name, header, energy[0]);
        var sections = new ApproximateSections(
            reader.Next<int>("term block starts"),
            reader.Next<int>("block document starts"),
            reader.Next<byte>("block documents"),
            reader.Next<int>("block summary starts"),
            reader.Next<ushort>("summary terms"),
            reader.Next<byte>("summary levels"),
            reader.Next<float>("block scales"));
        reader.End();
        ApproximateLayoutValidator.Validate(file.Name, sections, width, segment.Dimension, segment.DocumentCount);
        return new ApproximateIndex(segment, options, width, sections);
    }

    private static ApproximateIndexOptions ReadOptions(string name, ReadOnlySpan<long> header, float energy)
    {
        for (var i = 3; i < HeaderLength; i++)
        {
            if (header[i] is < int.MinValue or > int.MaxValue)
            {
                throw new IndexCorruptedException(name, $"it records a build option out of range ({header[i]}).");
            }
        }

        var options = new ApproximateIndexOptions
        {
            PostingsPerTerm = (int)header[3],
            BlockSize = (int)header[4],
            MaxSummaryTerms = (int)header[5],
            ClusteringTerms = (int)header[6],
            Seed = (int)header[7],
            SummaryEnergy = energy,
        };
        try
        {
            options.Validate();
        }
        catch (ArgumentOutOfRangeException error)
        {
            throw new IndexCorruptedException(name, $"it records invalid build options: {error.Message}", error);
        }

        return options;
    }
}
