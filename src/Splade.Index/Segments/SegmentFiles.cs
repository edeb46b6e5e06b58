using System.Globalization;
using Splade.Index.Storage;

namespace Splade.Index.Segments;

/// <summary>The file names a segment owns: <c>seg_{id}.{extension}</c>, and <c>seg_{id}_{generation}.liv</c> for deletions.</summary>
internal static class SegmentFiles
{
    /// <summary>The kinds every segment has, in the order they are written.</summary>
    public static readonly IndexFileKind[] Required = [IndexFileKind.Postings, IndexFileKind.Forward, IndexFileKind.Documents, IndexFileKind.Dense];

    public static string Name(int segmentId) => string.Create(CultureInfo.InvariantCulture, $"seg_{segmentId:D8}");

    public static string FileName(int segmentId, IndexFileKind kind) => $"{Name(segmentId)}.{Extension(kind)}";

    public static string LiveFileName(int segmentId, int generation)
        => string.Create(CultureInfo.InvariantCulture, $"{Name(segmentId)}_{generation}.liv");

    public static string Extension(IndexFileKind kind) => kind switch
    {
        IndexFileKind.Postings => "pst",
        IndexFileKind.Forward => "fwd",
        IndexFileKind.Documents => "doc",
        IndexFileKind.Dense => "dns",
        IndexFileKind.LiveDocuments => "liv",
        IndexFileKind.Approximate => "apx",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a segment file kind."),
    };
}
