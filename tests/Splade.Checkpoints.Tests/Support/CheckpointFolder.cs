using Splade.Tests.Shared;

namespace Splade.Checkpoints.Tests.Support;

/// <summary>A temporary checkpoint folder assembled from fixture files: config, tokenizer and weights, never an ONNX file.</summary>
internal sealed class CheckpointFolder : IDisposable
{
    public const string Bert = "tiny-splade-random";
    public const string BertBin = "tiny-splade-random-bin";
    public const string DistilBert = "tiny-splade-distilbert-random";

    private static readonly string[] TokenizerFiles = ["tokenizer.json", "tokenizer_config.json", "vocab.txt"];

    private readonly TempFolder _root = new("splade-checkpoint-");

    public CheckpointFolder(string fixture, string weightsFile = "model.safetensors")
    {
        Path = _root.Combine("checkpoint");
        Directory.CreateDirectory(Path);
        var tokenizerSource = fixture == BertBin ? Bert : fixture;
        foreach (var file in TokenizerFiles)
        {
            System.IO.File.Copy(TestPaths.Fixture(tokenizerSource, file), File(file));
        }

        System.IO.File.Copy(TestPaths.Fixture(fixture, "config.json"), File("config.json"));
        if (weightsFile.Length > 0)
        {
            System.IO.File.Copy(TestPaths.Fixture(fixture, weightsFile), File(weightsFile));
        }

        Assert.False(Directory.Exists(File("onnx")));
    }

    /// <summary>The temporary folder that holds the checkpoint and anything a test writes beside it.</summary>
    public string Root => _root.Path;

    public string Path { get; }

    public string File(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public string Sibling(string name) => _root.Combine(name);

    public void Dispose() => _root.Dispose();
}
