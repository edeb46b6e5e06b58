using Splade.Tests.Shared;

namespace Splade.Repository.Tests;

/// <summary>Conventions every C# file of the repository keeps, checked on the files as they are on disk.</summary>
public sealed class SourceConventionTests
{
    /// <summary>The longest line allowed, in characters (also <c>max_line_length</c> in .editorconfig).</summary>
    private const int MaxLineLength = 160;

    private static readonly string[] SourceFolders = ["src", "tests", "bench", "samples"];

    [Fact]
    public void No_line_of_a_cs_file_is_longer_than_160_characters()
    {
        var files = SourceFiles().ToList();
        var tooLong = new List<string>();
        foreach (var file in files)
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].Length > MaxLineLength)
                {
                    var name = Path.GetRelativePath(TestPaths.RepositoryRoot, file).Replace('\\', '/');
                    tooLong.Add($"{name}:{i + 1}: {lines[i].Length} characters");
                }
            }
        }

        Assert.NotEmpty(files);
        Assert.True(
            tooLong.Count == 0,
            $"{tooLong.Count} lines are longer than {MaxLineLength} characters; wrap them:\n{string.Join('\n', tooLong)}");
    }

    [Fact]
    public void The_scan_sees_the_repository_s_own_sources_and_skips_build_output()
    {
        var files = SourceFiles().Select(f => Path.GetRelativePath(TestPaths.RepositoryRoot, f).Replace('\\', '/')).ToList();

        Assert.Contains("tests/Splade.Repository.Tests/SourceConventionTests.cs", files);
        Assert.Contains(files, f => f.StartsWith("src/", StringComparison.Ordinal));
        Assert.DoesNotContain(files, f => f.Contains("/obj/", StringComparison.Ordinal) || f.Contains("/bin/", StringComparison.Ordinal));
    }

    /// <summary>Every .cs file under the source folders, build output (bin, obj) and hidden folders left out.</summary>
    private static IEnumerable<string> SourceFiles()
    {
        var pending = new Stack<string>();
        foreach (var folder in SourceFolders)
        {
            var path = Path.Combine(TestPaths.RepositoryRoot, folder);
            if (Directory.Exists(path))
            {
                pending.Push(path);
            }
        }

        while (pending.Count > 0)
        {
            var folder = pending.Pop();
            foreach (var file in Directory.EnumerateFiles(folder, "*.cs"))
            {
                yield return file;
            }

            foreach (var child in Directory.EnumerateDirectories(folder))
            {
                var name = Path.GetFileName(child);
                if (name is not ("bin" or "obj") && !name.StartsWith('.'))
                {
                    pending.Push(child);
                }
            }
        }
    }
}
