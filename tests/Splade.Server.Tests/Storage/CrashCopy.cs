namespace Splade.Server.Tests.Storage;

/// <summary>A data folder as a crash would leave it: copied file by file while the collection is still open.</summary>
internal static class CrashCopy
{
    public static void Of(string source, string target)
    {
        foreach (var directory in Directory.GetDirectories(source, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(directory.Replace(source, target, StringComparison.Ordinal));
        }

        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            if (file.EndsWith(".lock", StringComparison.Ordinal))
            {
                // An index's lock files are held by the live writer (and .NET would take a shared lock to read one); a crashed
                // process leaves them unlocked, and the next writer creates them when absent.
                continue;
            }

            using var input = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var output = File.Create(file.Replace(source, target, StringComparison.Ordinal));
            input.CopyTo(output);
        }
    }
}
