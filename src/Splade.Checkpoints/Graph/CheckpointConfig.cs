using System.Text.Json;
using Splade.Checkpoints.Weights;

namespace Splade.Checkpoints.Graph;

/// <summary>The fields of a checkpoint's <c>config.json</c> that decide the masked-LM graph.</summary>
internal sealed record CheckpointConfig(
    MaskedLmArchitecture Architecture,
    int VocabularySize,
    int HiddenSize,
    int Layers,
    int Heads,
    int IntermediateSize,
    int MaxPositions,
    int TypeVocabularySize,
    string Activation,
    float LayerNormEpsilon,
    bool TieWordEmbeddings)
{
    /// <summary>The architectures (config.json <c>architectures</c>) that convert, for messages.</summary>
    public const string Supported =
        "BertForMaskedLM and DistilBertForMaskedLM (BERT and DistilBERT masked-language models, the base of most SPLADE checkpoints)";

    private static readonly string[] Activations = ["gelu", "gelu_new", "gelu_pytorch_tanh", "gelu_fast", "relu"];

    /// <exception cref="CheckpointException">The file is missing or invalid, names an unsupported architecture or a setting the graph cannot
    /// express.</exception>
    public static CheckpointConfig Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new CheckpointException($"The checkpoint has no config.json: {path} does not exist.") { FilePath = path };
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Bad(path, "expected a JSON object.");
            }

            var modelType = root.TryGetProperty("model_type", out var type) && type.ValueKind == JsonValueKind.String ? type.GetString() : null;
            var architecture = ArchitectureOf(root, modelType, path);
            return architecture == MaskedLmArchitecture.Bert ? ReadBert(root, path) : ReadDistilBert(root, path);
        }
        catch (JsonException exception)
        {
            throw new CheckpointException($"{path}: not valid JSON (line {exception.LineNumber + 1}): {exception.Message}", exception) { FilePath = path };
        }
    }

    private static MaskedLmArchitecture ArchitectureOf(JsonElement root, string? modelType, string path)
    {
        var names = root.TryGetProperty("architectures", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToArray()
            : [];
        foreach (var name in names)
        {
            switch (name)
            {
                case "BertForMaskedLM" or "BertForPreTraining":
                    return MaskedLmArchitecture.Bert;
                case "DistilBertForMaskedLM":
                    return MaskedLmArchitecture.DistilBert;
                default:
                    break;
            }
        }

        if (names.Length == 0)
        {
            switch (modelType)
            {
                case "bert":
                    return MaskedLmArchitecture.Bert;
                case "distilbert":
                    return MaskedLmArchitecture.DistilBert;
                default:
                    break;
            }
        }

        var named = names.Length > 0 ? string.Join(", ", names) : "(none named)";
        var hint = names.Any(n => n is "BertModel" or "DistilBertModel" or "BertForSequenceClassification")
            ? " A SPLADE model needs the masked-language-model head (…ForMaskedLM); this checkpoint has none."
            : "";
        throw Bad(path, $"architecture {named} (model_type {modelType ?? "missing"}) is not supported. Splade.NET converts {Supported}.{hint}");
    }

    private static CheckpointConfig ReadBert(JsonElement root, string path)
    {
        if (root.TryGetProperty("position_embedding_type", out var positions)
            && positions.ValueKind == JsonValueKind.String
            && positions.GetString() != "absolute")
        {
            throw Bad(path, $"position_embedding_type \"{positions.GetString()}\" is not supported; only \"absolute\" is.");
        }

        var config = new CheckpointConfig(
            MaskedLmArchitecture.Bert,
            Int(root, "vocab_size", path, null),
            Int(root, "hidden_size", path, 768),
            Int(root, "num_hidden_layers", path, 12),
            Int(root, "num_attention_heads", path, 12),
            Int(root, "intermediate_size", path, 3072),
            Int(root, "max_position_embeddings", path, 512),
            Int(root, "type_vocab_size", path, 2),
            ReadActivation(root, "hidden_act", path),
            Epsilon(root, "layer_norm_eps", path),
            Bool(root, "tie_word_embeddings", true));
        return config.Check(path, "hidden_size", "num_attention_heads");
    }

    private static CheckpointConfig ReadDistilBert(JsonElement root, string path)
    {
        if (root.TryGetProperty("sinusoidal_pos_embds", out var sinusoidal) && sinusoidal.ValueKind == JsonValueKind.True)
        {
            // The sinusoidal table is stored as the position embedding weight like a learned one, so the graph is the same.
        }

        var config = new CheckpointConfig(
            MaskedLmArchitecture.DistilBert,
            Int(root, "vocab_size", path, null),
            Int(root, "dim", path, 768),
            Int(root, "n_layers", path, 6),
            Int(root, "n_heads", path, 12),
            Int(root, "hidden_dim", path, 3072),
            Int(root, "max_position_embeddings", path, 512),
            0,
            ReadActivation(root, "activation", path),
            1e-12f,
            Bool(root, "tie_word_embeddings", true));
        return config.Check(path, "dim", "n_heads");
    }

    private CheckpointConfig Check(string path, string hiddenField, string headsField)
        => HiddenSize % Heads == 0
            ? this
            : throw Bad(path, $"{hiddenField} {HiddenSize} is not a multiple of {headsField} {Heads}.");

    private static int Int(JsonElement root, string field, string path, int? fallback)
    {
        if (!root.TryGetProperty(field, out var value))
        {
            return fallback ?? throw Bad(path, $"the field \"{field}\" is missing.");
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number > 0
            ? number
            : throw Bad(path, $"the field \"{field}\" must be a positive integer, found {value.GetRawText()}.");
    }

    private static string ReadActivation(JsonElement root, string field, string path)
    {
        var name = root.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "gelu";
        return Activations.Contains(name)
            ? name
            : throw Bad(path, $"the activation \"{field}\": \"{name}\" is not supported; supported are {string.Join(", ", Activations)}.");
    }

    private static float Epsilon(JsonElement root, string field, string path)
    {
        if (!root.TryGetProperty(field, out var value))
        {
            return 1e-12f;
        }

        return value.ValueKind == JsonValueKind.Number && value.GetDouble() is > 0 and < 1
            ? (float)value.GetDouble()
            : throw Bad(path, $"the field \"{field}\" must be a small positive number, found {value.GetRawText()}.");
    }

    private static bool Bool(JsonElement root, string field, bool fallback)
        => root.TryGetProperty(field, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : fallback;

    private static CheckpointException Bad(string path, string problem) => new($"{path}: {problem}") { FilePath = path };
}
