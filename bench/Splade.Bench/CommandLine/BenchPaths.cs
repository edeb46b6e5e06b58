namespace Splade.Bench.CommandLine;

/// <summary>Default locations of the bench entries' inputs, found from the repository rather than from the current folder.</summary>
internal static class BenchPaths
{
    /// <summary>The repository's root: the nearest folder above the bench's binary that holds Directory.Packages.props, else the current folder.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The shared BEIR collections beside the repository (<c>../shared/datasets</c>).</summary>
    public static string Datasets => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "datasets"));

    /// <summary>The repository's test fixtures (<c>tests/fixtures</c>).</summary>
    public static string Fixtures => Path.Combine(RepositoryRoot, "tests", "fixtures");

    /// <summary>A peer script shipped beside the bench's binary (<c>bench/peers</c>, copied to the output folder).</summary>
    public static string Peer(string fileName) => Path.Combine(AppContext.BaseDirectory, "peers", fileName);

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Directory.Packages.props")))
            {
                return folder.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
