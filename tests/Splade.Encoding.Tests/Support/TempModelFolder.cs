using Splade.Tests.Shared;

namespace Splade.Encoding.Tests.Support;

/// <summary>A throw-away copy of a fixture model folder that a test may damage.</summary>
internal sealed class TempModelFolder : IDisposable
{
    private readonly TempFolder _folder = new("splade-model-");

    public TempModelFolder(string model = TestModels.Bert)
    {
        var source = TestPaths.Fixture(model);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = _folder.Combine(System.IO.Path.GetRelativePath(source, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            System.IO.File.Copy(file, target);
        }
    }

    public string Path => _folder.Path;

    public string File(params string[] parts) => _folder.Combine(parts);

    public void Dispose() => _folder.Dispose();
}
