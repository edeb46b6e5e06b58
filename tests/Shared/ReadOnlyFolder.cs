namespace Splade.Tests.Shared;

/// <summary>Makes a folder and the files in it read-only for a while, so that a test can show a reader writes nothing there.
/// Windows has no such modes: nothing changes there.</summary>
internal static class ReadOnlyFolder
{
    private const UnixFileMode Read = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode Search = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <summary>Makes <paramref name="folder"/> and its files read-only until the returned scope is disposed, which makes them
    /// writable by their owner again.</summary>
    public static IDisposable Hold(string folder)
    {
        Set(folder, readOnly: true);
        return new Scope(folder);
    }

    private static void Set(string folder, bool readOnly)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(folder))
        {
            File.SetUnixFileMode(file, readOnly ? Read : Read | UnixFileMode.UserWrite);
        }

        File.SetUnixFileMode(folder, readOnly ? Read | Search : Read | Search | UnixFileMode.UserWrite);
    }

    private sealed class Scope(string folder) : IDisposable
    {
        public void Dispose() => Set(folder, readOnly: false);
    }
}
