using Splade.Retrieval.Input;

namespace Splade.Cli.Commands;

/// <summary>Checks that a folder named on the command line holds an index, so that a typo does not silently create an empty one.</summary>
internal static class IndexFolder
{
    /// <exception cref="InputFormatException">The folder holds no index.</exception>
    public static void RequireExisting(string path)
    {
        if (!File.Exists(Path.Combine(path, "commit")) && !File.Exists(Path.Combine(path, "wal.log")))
        {
            throw new InputFormatException(path, 0, null,
                Directory.Exists(path)
                    ? "the folder holds no index (build one with `splade index build`)"
                    : "no such index folder (build one with `splade index build`)");
        }
    }
}
