using Splade.Retrieval.Evaluation;

namespace Splade.Cli.Commands;

/// <summary>The MEDLINE test collection embedded in the tool, so the demo runs with nothing but the tool itself.</summary>
internal static class DemoCollection
{
    private static readonly string[] Files = ["corpus.jsonl", "queries.jsonl", "qrels/test.tsv", "README.md"];

    /// <summary>The folder the collection is unpacked into, reused by later runs.</summary>
    public static string Folder { get; } = Path.Combine(Path.GetTempPath(), "splade-demo", "medline");

    /// <summary>Unpacks the embedded files (where missing or different) and loads the collection.</summary>
    public static BeirDataset Load()
    {
        var assembly = typeof(DemoCollection).Assembly;
        foreach (var file in Files)
        {
            using var resource = assembly.GetManifestResourceStream("demo/medline/" + file)
                ?? throw new InvalidOperationException($"The tool was built without its embedded demo file {file}.");
            var target = Path.Combine(Folder, file);
            if (File.Exists(target) && new FileInfo(target).Length == resource.Length)
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var temporary = $"{target}.{Environment.ProcessId}.tmp";
            using (var output = File.Create(temporary))
            {
                resource.CopyTo(output);
            }

            File.Move(temporary, target, overwrite: true);
        }

        return BeirDataset.Load(Folder);
    }
}
