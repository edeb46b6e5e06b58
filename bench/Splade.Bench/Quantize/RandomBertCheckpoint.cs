using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Splade.Checkpoints.Weights;

namespace Splade.Bench.Quantize;

/// <summary>
/// Writes a seeded random BERT-base BertForMaskedLM checkpoint (vocabulary 30522, hidden 768, 12 layers, 12 heads, intermediate
/// 3072; weights N(0, 0.02), LayerNorm 1 and 0, biases 0, decoder tied, decoder bias -2 so that ReLU keeps a few hundred terms),
/// the same shape as the encoder benchmark's PyTorch-exported model, without needing PyTorch.
/// </summary>
internal static class RandomBertCheckpoint
{
    public static void Write(string folder, string tokenizerFolder, int seed = 17)
    {
        const int vocab = 30522, hidden = 768, layers = 12, intermediate = 3072, positions = 512;
        Directory.CreateDirectory(folder);
        var random = new Random(seed);
        var entries = new List<SafetensorsWriter.Entry>();
        void Normal(string name, params long[] shape) => entries.Add(Entry(name, Gaussian(random, shape), shape));
        void Fill(string name, float value, long size) => entries.Add(Entry(name, Enumerable.Repeat(value, (int)size).ToArray(), size));

        Normal("bert.embeddings.word_embeddings.weight", vocab, hidden);
        Normal("bert.embeddings.position_embeddings.weight", positions, hidden);
        Normal("bert.embeddings.token_type_embeddings.weight", 2, hidden);
        Fill("bert.embeddings.LayerNorm.weight", 1f, hidden);
        Fill("bert.embeddings.LayerNorm.bias", 0f, hidden);
        for (var layer = 0; layer < layers; layer++)
        {
            var p = $"bert.encoder.layer.{layer}.";
            foreach (var part in new[] { "attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense" })
            {
                Normal(p + part + ".weight", hidden, hidden);
                Fill(p + part + ".bias", 0f, hidden);
            }

            Fill(p + "attention.output.LayerNorm.weight", 1f, hidden);
            Fill(p + "attention.output.LayerNorm.bias", 0f, hidden);
            Normal(p + "intermediate.dense.weight", intermediate, hidden);
            Fill(p + "intermediate.dense.bias", 0f, intermediate);
            Normal(p + "output.dense.weight", hidden, intermediate);
            Fill(p + "output.dense.bias", 0f, hidden);
            Fill(p + "output.LayerNorm.weight", 1f, hidden);
            Fill(p + "output.LayerNorm.bias", 0f, hidden);
        }

        Normal("cls.predictions.transform.dense.weight", hidden, hidden);
        Fill("cls.predictions.transform.dense.bias", 0f, hidden);
        Fill("cls.predictions.transform.LayerNorm.weight", 1f, hidden);
        Fill("cls.predictions.transform.LayerNorm.bias", 0f, hidden);
        Fill("cls.predictions.bias", -2f, vocab);
        SafetensorsWriter.Write(Path.Combine(folder, "model.safetensors"), entries);

        var config = new Dictionary<string, object>
        {
            ["architectures"] = new[] { "BertForMaskedLM" },
            ["model_type"] = "bert",
            ["vocab_size"] = vocab,
            ["hidden_size"] = hidden,
            ["num_hidden_layers"] = layers,
            ["num_attention_heads"] = 12,
            ["intermediate_size"] = intermediate,
            ["max_position_embeddings"] = positions,
            ["type_vocab_size"] = 2,
            ["hidden_act"] = "gelu",
            ["layer_norm_eps"] = 1e-12,
            ["tie_word_embeddings"] = true,
        };
        File.WriteAllText(Path.Combine(folder, "config.json"), JsonSerializer.Serialize(config));
        foreach (var name in new[] { "tokenizer.json", "tokenizer_config.json", "vocab.txt" })
        {
            File.Copy(Path.Combine(tokenizerFolder, name), Path.Combine(folder, name), overwrite: true);
        }

        File.WriteAllText(Path.Combine(folder, "SEED"), seed.ToString(CultureInfo.InvariantCulture));
    }

    private static SafetensorsWriter.Entry Entry(string name, float[] values, params long[] shape)
        => new(name, "F32", shape, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    private static float[] Gaussian(Random random, long[] shape)
    {
        var count = 1L;
        foreach (var dim in shape)
        {
            count *= dim;
        }

        var values = new float[count];
        for (var i = 0; i < values.Length; i += 2)
        {
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            var radius = 0.02 * Math.Sqrt(-2.0 * Math.Log(u1));
            values[i] = (float)(radius * Math.Cos(2 * Math.PI * u2));
            if (i + 1 < values.Length)
            {
                values[i + 1] = (float)(radius * Math.Sin(2 * Math.PI * u2));
            }
        }

        return values;
    }
}
