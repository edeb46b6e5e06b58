using Splade.Index.Approximate;
using Splade.Index.Storage;

namespace Splade.Index.Segments;

/// <summary>Builds, stores and loads a segment's approximate index as its checksummed <c>seg_N.apx</c> file.</summary>
/// <remarks>The file is the <see cref="ChecksummedFile"/> envelope around <see cref="ApproximateIndex.Write"/>'s bytes, so it is checked twice: the envelope's
/// checksum and the structure's own.</remarks>
internal static class SegmentApproximateFile
{
    /// <summary>
    /// Whether the approximate index can cover <paramref name="segment"/>: weights non-negative and terms below <see cref="ApproximateIndex.MaxDimension"/>.
    /// </summary>
    /// <remarks>A segment that cannot is searched exactly; the engine still answers every query.</remarks>
    public static bool Supports(Segment segment)
    {
        if (segment.DocumentCount == 0 || segment.TermCount == 0 || segment.Terms[^1] >= ApproximateIndex.MaxDimension)
        {
            return false;
        }

        foreach (var weight in segment.TermMinWeights)
        {
            if (weight < 0f)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Builds the approximate index of <paramref name="segment"/>, writes it and attaches it to the segment.</summary>
    public static void BuildAndWrite(IIndexDirectory directory, Segment segment, ApproximateIndexOptions options)
    {
        var approximate = new ApproximateIndexBuilder(options).Build(new SegmentForwardIndex(segment));
        using var payload = new MemoryStream();
        approximate.Write(payload);
        directory.WriteAtomic(
            SegmentFiles.FileName(segment.Id, IndexFileKind.Approximate),
            ChecksummedFile.Wrap(IndexFileKind.Approximate, payload.GetBuffer().AsSpan(0, (int)payload.Length)));
        segment.AttachApproximate(approximate);
    }

    /// <summary>Reads the segment's approximate index from its file and attaches it.</summary>
    /// <exception cref="IndexCorruptedException">The file is missing, damaged, or does not match the segment; the message names the file.</exception>
    public static void Load(IIndexDirectory directory, Segment segment)
    {
        var name = SegmentFiles.FileName(segment.Id, IndexFileKind.Approximate);
        if (!directory.Exists(name))
        {
            throw new IndexCorruptedException(name, "the commit lists it but the file is missing.");
        }

        using var data = directory.OpenRead(name);
        var payload = ChecksummedFile.Unwrap(name, data.Bytes, IndexFileKind.Approximate);
        try
        {
            using var stream = new MemoryStream(payload.ToArray(), writable: false);
            segment.AttachApproximate(ApproximateIndex.Read(stream, new SegmentForwardIndex(segment)));
        }
        catch (ApproximateIndexCorruptedException error)
        {
            throw new IndexCorruptedException(name, error.Message, error);
        }
    }
}
