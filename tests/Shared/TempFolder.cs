namespace Splade.Tests.Shared;

/// <summary>
/// A new, empty folder under the system's temporary folder (<see cref="System.IO.Path.GetTempPath"/>), deleted with everything in
/// it on <see cref="Dispose"/>, read-only files and folders included.
/// </summary>
/// <remarks>A test class holds one as a field and disposes it in its own <c>Dispose</c>; a test holds one with <c>using</c>.</remarks>
internal sealed class TempFolder : IDisposable
{
    /// <summary>Creates the folder, named <paramref name="prefix"/> followed by random characters.</summary>
    public TempFolder(string prefix = "splade-test-")
    {
        Path = Directory.CreateTempSubdirectory(prefix).FullName;
    }

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <summary>The path of <paramref name="parts"/> inside the folder (nothing is created).</summary>
    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public override string ToString() => Path;

    /// <summary>Deletes the folder and everything in it; a folder already gone is fine.</summary>
    public void Dispose()
    {
        // A file can stay busy for a moment after the process that wrote it was killed; retry a few times before failing.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (Directory.Exists(Path))
                {
                    MakeWritable(new DirectoryInfo(Path));
                    Directory.Delete(Path, recursive: true);
                }

                return;
            }
            catch (Exception error) when (attempt < 5 && error is IOException or UnauthorizedAccessException)
            {
                Thread.Sleep(100 * attempt);
            }
        }
    }

    private static void MakeWritable(DirectoryInfo folder)
    {
        if (!OperatingSystem.IsWindows())
        {
            // Entries of a folder without write (or search) permission cannot be deleted, even by their owner.
            folder.UnixFileMode |= UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        }

        folder.Attributes &= ~FileAttributes.ReadOnly;
        foreach (var entry in folder.EnumerateFileSystemInfos())
        {
            if (entry is DirectoryInfo child && !child.Attributes.HasFlag(FileAttributes.ReparsePoint))
            {
                MakeWritable(child);
            }
            else if (entry.Attributes.HasFlag(FileAttributes.ReadOnly))
            {
                entry.Attributes &= ~FileAttributes.ReadOnly;
            }
        }
    }
}
