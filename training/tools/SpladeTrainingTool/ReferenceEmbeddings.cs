using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Microsoft.ML.Tokenizers;

namespace Splade.Training.Tools;

/// <summary>
/// Runs an extracted encoder ONNX model (all-MiniLM-L6-v2 or snowflake-arctic-embed-xs) with ONNX Runtime on a few
/// sentences and writes token ids, mean-pooled hidden states and the [CLS] hidden state, the reference the PyTorch port
/// of the model is checked against (tokenized by Microsoft.ML.Tokenizers, independently of the project's tokenizer).
/// </summary>
internal static class ReferenceEmbeddings
{
    private static readonly string[] Sentences =
    [
        "The quick brown fox jumps over the lazy dog.",
        "Sparse retrieval models expand documents with related vocabulary terms.",
        "Orangutans are great apes native to the rainforests of Indonesia and Malaysia.",
        "What is the effect of magnesium on blood pressure?",
        "A very short one",
    ];

    public static int Run(string modelPath, string vocabPath, string outputPath)
    {
        var tokenizer = BertTokenizer.Create(vocabPath, new BertOptions { LowerCaseBeforeTokenization = true });
        using var session = new InferenceSession(modelPath);
        var items = new List<ReferenceItem>();
        foreach (var sentence in Sentences)
        {
            var ids = tokenizer.EncodeToIds(sentence);
            items.Add(Encode(session, sentence, ids));
        }

        var inputs = session.InputMetadata.Keys.ToArray();
        var outputs = session.OutputMetadata.Keys.ToArray();
        var document = new ReferenceFile(inputs, outputs, items);
        File.WriteAllText(outputPath, JsonSerializer.Serialize(document));
        Console.WriteLine($"wrote {outputPath}: {items.Count} sentences, inputs [{string.Join(", ", inputs)}], outputs [{string.Join(", ", outputs)}]");
        return 0;
    }

    private static ReferenceItem Encode(InferenceSession session, string sentence, IReadOnlyList<int> ids)
    {
        var length = ids.Count;
        var inputIds = new DenseTensor<long>([1, length]);
        var mask = new DenseTensor<long>([1, length]);
        var types = new DenseTensor<long>([1, length]);
        for (var i = 0; i < length; i++)
        {
            inputIds[0, i] = ids[i];
            mask[0, i] = 1;
        }

        var feeds = new List<NamedOnnxValue>();
        foreach (var name in session.InputMetadata.Keys)
        {
            var tensor = name switch
            {
                "input_ids" => inputIds,
                "attention_mask" => mask,
                "token_type_ids" => types,
                _ => throw new InvalidOperationException($"unexpected model input '{name}'"),
            };
            feeds.Add(NamedOnnxValue.CreateFromTensor(name, tensor));
        }

        using var results = session.Run(feeds);
        var first = results[0];
        var output = first.AsTensor<float>();
        var hidden = output.Dimensions[^1];
        var pooled = new float[hidden];
        var cls = new float[hidden];
        if (output.Rank == 3)
        {
            for (var t = 0; t < length; t++)
            {
                for (var h = 0; h < hidden; h++)
                {
                    pooled[h] += output[0, t, h] / length;
                }
            }

            for (var h = 0; h < hidden; h++)
            {
                cls[h] = output[0, 0, h];
            }
        }
        else
        {
            for (var h = 0; h < hidden; h++)
            {
                pooled[h] = output[0, h];
                cls[h] = output[0, h];
            }
        }

        return new ReferenceItem(sentence, [.. ids], first.Name, output.Rank, pooled, cls);
    }

    private sealed record ReferenceItem(string Text, int[] InputIds, string Output, int OutputRank, float[] MeanPooled, float[] Cls);

    private sealed record ReferenceFile(string[] Inputs, string[] Outputs, List<ReferenceItem> Items);
}
