using System.Security.Cryptography;

namespace Splade.Tests.Shared;

/// <summary>Every file of a folder with its length, modification time and content hash: two equal states mean nothing changed.</summary>
internal static class FolderState
{
    public static string Of(string folder)
    {
        var lines = new List<string>();
        foreach (var path in Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var info = new FileInfo(path);
            var name = Path.GetRelativePath(folder, path);
            lines.Add(File.Exists(path)
                ? $"{name} {info.Length} {info.LastWriteTimeUtc:O} {Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)))}"
                : $"{name}/");
        }

        return string.Join('\n', lines);
    }
}
