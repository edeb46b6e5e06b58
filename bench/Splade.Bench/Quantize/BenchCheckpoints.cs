using Splade.Checkpoints.Conversion;
using Splade.Encoding;

namespace Splade.Bench.Quantize;

/// <summary>The two checkpoints the "quantize" and "graph-pooling" benchmarks convert, written once into their work folder.</summary>
internal static class BenchCheckpoints
{
    /// <summary>The seeded random BERT-base-shaped checkpoint (<see cref="RandomBertCheckpoint"/>); returns its folder.</summary>
    public static string BertBase(string work, string tokenizerFolder)
    {
        var folder = Path.Combine(work, "bert-base-random-checkpoint");
        if (!File.Exists(Path.Combine(folder, "model.safetensors")))
        {
            Console.Error.WriteLine($"[bench] writing the random BERT-base checkpoint to {folder}");
            RandomBertCheckpoint.Write(folder, tokenizerFolder);
        }

        return folder;
    }

    /// <summary>The shipped model's weights recovered from its ONNX file into a checkpoint folder; returns the folder.</summary>
    public static string Shipped(string work)
    {
        var folder = Path.Combine(work, "shipped-checkpoint");
        if (!File.Exists(Path.Combine(folder, "model.safetensors")))
        {
            Console.Error.WriteLine("[bench] recovering the shipped model's weights");
            var shipped = ModelLocator.DefaultModelFolder();
            Directory.CreateDirectory(folder);
            foreach (var file in new[] { "config.json", "vocab.txt", "tokenizer_config.json", "splade_config.json" })
            {
                File.Copy(Path.Combine(shipped, file), Path.Combine(folder, file), overwrite: true);
            }

            TrainingExportWeights.Recover(Path.Combine(shipped, "onnx", "model.onnx"), folder);
        }

        return folder;
    }
}
