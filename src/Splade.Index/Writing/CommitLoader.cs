using Splade.Index.Segments;
using Splade.Index.Storage;

namespace Splade.Index.Writing;

/// <summary>Opens what the last commit of an index folder lists: its segments, their deletions and approximate indexes.</summary>
/// <remarks>Reading only: nothing in the folder is changed. The caller owns the returned segments (one reference each).</remarks>
internal static class CommitLoader
{
    /// <summary>Reads the commit, or returns null when the folder has none (a new index).</summary>
    public static CommitPoint? ReadCommit(IIndexDirectory directory)
    {
        if (!directory.Exists(CommitPoint.FileName))
        {
            return null;
        }

        using var data = directory.OpenRead(CommitPoint.FileName);
        return CommitPoint.FromFile(data.Bytes);
    }

    /// <summary>Refuses a folder without a commit that holds segment files: they are an index whose commit is lost, never an empty
    /// index (opening it as one would hide them, and a writer would delete them).</summary>
    /// <exception cref="IndexCorruptedException">Segment files are present; the message names the missing commit and some of them.</exception>
    public static void RequireNoSegmentFiles(IIndexDirectory directory)
    {
        var segments = directory.ListFiles().Where(static name => name.StartsWith("seg_", StringComparison.Ordinal)).ToList();
        if (segments.Count > 0)
        {
            var named = string.Join(", ", segments.Take(3)) + (segments.Count > 3 ? $" and {segments.Count - 3} more" : "");
            throw new IndexCorruptedException(
                CommitPoint.FileName,
                $"the file is missing, but the folder '{directory.Location}' holds {segments.Count} segment files ({named}) that only a "
                + "commit can make an index of. Restore the commit file from a backup, or rebuild the index in a new folder.");
        }
    }

    /// <summary>Opens every segment <paramref name="commit"/> lists, as committed views.</summary>
    /// <exception cref="IndexCorruptedException">A listed file is missing, damaged, or disagrees with the commit; the message names it.</exception>
    public static List<SegmentView> OpenSegments(IIndexDirectory directory, CommitPoint commit)
    {
        var views = new List<SegmentView>();
        try
        {
            foreach (var entry in commit.Segments)
            {
                var segment = Segment.Open(directory, entry.Id, entry.Approximate);
                views.Add(new SegmentView(segment, LiveDocuments.AllLive(segment.DocumentCount), entry.LiveGeneration, Persisted: true, LiveDirty: false));
                if (segment.DocumentCount != entry.Documents)
                {
                    throw new IndexCorruptedException(
                        CommitPoint.FileName, $"it lists segment {entry.Id} with {entry.Documents} documents, but its files hold {segment.DocumentCount}.");
                }

                if (segment.Dense.Precision != commit.DensePrecision)
                {
                    throw new IndexCorruptedException(
                        SegmentFiles.FileName(entry.Id, IndexFileKind.Dense),
                        $"it stores {segment.Dense.Precision} dense vectors, but the commit says the index stores {commit.DensePrecision}.");
                }

                if (entry.LiveGeneration > 0)
                {
                    var name = SegmentFiles.LiveFileName(entry.Id, entry.LiveGeneration);
                    if (!directory.Exists(name))
                    {
                        throw new IndexCorruptedException(name, "the commit lists it but the file is missing.");
                    }

                    using var data = directory.OpenRead(name);
                    views[^1] = views[^1] with { Live = LiveDocuments.FromFile(name, data.Bytes, segment.DocumentCount) };
                }
            }
        }
        catch
        {
            views.ForEach(static view => view.Segment.Dispose());
            throw;
        }

        return views;
    }
}
