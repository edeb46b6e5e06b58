using Splade.Tests.Shared;

namespace Splade.Encoding.Tests.Support;

/// <summary>A throw-away copy of a fixture model folder that a test may damage.</summary>
internal sealed class TempModelFolder : IDisposable
{
    public TempModelFolder(string model = TestModels.Bert)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"splade-model-{Guid.NewGuid():N}");
        var source = TestPaths.Fixture(model);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = System.IO.Path.Combine(Path, System.IO.Path.GetRelativePath(source, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            System.IO.File.Copy(file, target);
        }
    }

    public string Path { get; }

    public string File(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
