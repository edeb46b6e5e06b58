using Splade.Index;
using Splade.Retrieval.Input;

namespace Splade.Cli.Commands;

/// <summary>Opens index folders named on the command line: a typo never silently creates an empty index, writers wait for one
/// another only when asked (<c>--wait</c>), and what recovery dropped is said on stderr.</summary>
internal static class IndexFolder
{
    /// <summary>Refuses a folder that holds nothing of an index, so that a typo does not silently create an empty one; a folder
    /// with some index files goes on to the index, which names what is wrong with it.</summary>
    /// <exception cref="InputFormatException">The folder holds no index.</exception>
    public static void RequireExisting(string path)
    {
        var holdsIndexFiles = Directory.Exists(path) && Directory.EnumerateFiles(path).Select(Path.GetFileName)
            .Any(static name => name is "commit" or "wal.log" || name!.StartsWith("seg_", StringComparison.Ordinal));
        if (!holdsIndexFiles)
        {
            throw new InputFormatException(path, 0, null,
                Directory.Exists(path)
                    ? "the folder holds no index (build one with `splade index build`)"
                    : "no such index folder (build one with `splade index build`)");
        }
    }

    /// <summary>Opens an existing index as its one writer, waiting for another writer to finish when <paramref name="wait"/>.</summary>
    public static SparseIndex OpenWriter(string path, bool wait, bool recoverDamagedLog = false)
    {
        RequireExisting(path);
        var index = SparseIndex.Open(path, new IndexOptions
        {
            WriterLockTimeout = wait ? Timeout.InfiniteTimeSpan : TimeSpan.Zero,
            RecoverDamagedLog = recoverDamagedLog,
        });
        WarnAboutRecovery(index);
        return index;
    }

    /// <summary>Opens an existing index for reading only: nothing in the folder changes.</summary>
    public static SparseIndex OpenReader(string path)
    {
        RequireExisting(path);
        return SparseIndex.OpenReadOnly(path);
    }

    /// <summary>Says on stderr what opening the index dropped (a write that never completed, damaged log records).</summary>
    public static void WarnAboutRecovery(SparseIndex index)
    {
        foreach (var dropped in index.Recovery.Dropped)
        {
            Console.Error.WriteLine($"warning: {dropped}");
        }
    }
}
