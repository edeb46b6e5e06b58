namespace Splade.Cli.Commands;

/// <summary>Checks that a folder named on the command line holds an index, so that a typo does not silently create an empty one.</summary>
internal static class IndexFolder
{
    public static void RequireExisting(string path)
    {
        if (!File.Exists(Path.Combine(path, "commit")) && !File.Exists(Path.Combine(path, "wal.log")))
        {
            throw new DirectoryNotFoundException($"'{path}' does not hold an index (build one with 'splade index build').");
        }
    }
}
