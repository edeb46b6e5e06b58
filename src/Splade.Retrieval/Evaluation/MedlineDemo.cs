namespace Splade.Retrieval.Evaluation;

/// <summary>The MEDLINE test collection (1,033 medical abstracts, 30 judged queries) embedded in this library, so the CLI's demo and the
/// server's demo collection run with nothing else installed.</summary>
/// <remarks>Thread safety: every member may be called from any thread at the same time; it keeps no mutable state.</remarks>
public static class MedlineDemo
{
    private static readonly string[] Files = ["corpus.jsonl", "queries.jsonl", "qrels/test.tsv", "README.md"];

    /// <summary>The folder the collection is unpacked into, reused by later runs.</summary>
    public static string Folder { get; } = Path.Combine(Path.GetTempPath(), "splade-demo", "medline");

    /// <summary>Unpacks the embedded files (where missing or different) and loads the collection.</summary>
    public static BeirDataset Load()
    {
        var assembly = typeof(MedlineDemo).Assembly;
        foreach (var file in Files)
        {
            using var resource = assembly.GetManifestResourceStream("demo/medline/" + file)
                ?? throw new InvalidOperationException($"Splade.Retrieval was built without its embedded demo file {file}.");
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
