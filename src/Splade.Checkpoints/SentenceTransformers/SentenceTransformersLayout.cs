using System.Security.Cryptography;
using System.Text.Json;
using Splade.Checkpoints.Conversion;
using Splade.Checkpoints.Graph;
using Splade.Checkpoints.Weights;
using Splade.Encoding.Tokenization;

namespace Splade.Checkpoints.SentenceTransformers;

/// <summary>
/// A sentence-transformers SparseEncoder folder: <c>modules.json</c> with a masked-LM module (<c>MLMTransformer</c>, or
/// <c>Transformer</c> whose task is <c>fill-mask</c>) followed by <c>SpladePooling</c>, or a <c>Router</c> whose
/// <c>router_config.json</c> sends queries through a <c>SparseStaticEmbedding</c> and documents through the masked-LM route.
/// </summary>
/// <remarks>
/// It is converted into a model folder whose graph pools as <c>SpladePooling</c> says (max or sum of <c>relu</c> or
/// <c>log1p(relu)</c>, inside the graph, since the activation is the module's choice) and whose <c>splade_config.json</c> carries
/// <c>max_seq_length</c> (<c>sentence_bert_config.json</c>), the query and document prompts
/// (<c>config_sentence_transformers.json</c>) and, for a router, IDF query encoding with the static embedding's weights in
/// <c>idf.json</c>.
/// </remarks>
internal sealed record SentenceTransformersLayout(
    string ModelFolder,
    GraphOutput Pooling,
    bool LogActivation,
    int? MaxLength,
    string? QueryPrompt,
    string? DocumentPrompt,
    string? StaticQueryFolder)
{
    public static bool IsLayout(string folder) => File.Exists(Path.Combine(folder, "modules.json"));

    /// <summary>Reads the layout.</summary>
    /// <exception cref="CheckpointException">A module is missing, of an unsupported kind, or its configuration is invalid.</exception>
    public static SentenceTransformersLayout Read(string folder)
    {
        var modules = ReadModules(folder);
        if (modules.Count == 1 && ClassName(modules[0].Type) == "Router")
        {
            return ReadRouter(folder, Path.Combine(folder, modules[0].Path));
        }

        var (mlm, pooling, log) = ReadRoute(folder, modules.Select(m => (m.Type, Path.Combine(folder, m.Path))).ToList(), "modules.json");
        var (query, document) = ReadPrompts(folder);
        return new SentenceTransformersLayout(mlm, pooling, log, ReadMaxLength(mlm, folder), query, document, null);
    }

    /// <summary>Converts the layout once into the converted-model cache and returns the model folder.</summary>
    public static string GetOrConvert(string folder, string? convertedRoot, Action<string>? log)
    {
        var layout = Read(folder);
        var weights = CheckpointWeights.Open(layout.ModelFolder);
        var settings = JsonSerializer.Serialize(layout with { ModelFolder = "" });
        var key = System.Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(weights.ContentHash() + settings)))[..16];
        var root = Path.GetFullPath(convertedRoot ?? ConvertedModelCache.DefaultRoot());
        var target = Path.Combine(root, $"converted-st-{key}");
        if (File.Exists(Path.Combine(target, CheckpointConverter.RecordFile)))
        {
            return target;
        }

        log?.Invoke($"converting the sentence-transformers model {folder} to ONNX (once) into {target}");
        return layout.Convert(target);
    }

    /// <summary>Converts into <paramref name="target"/> (replacing it).</summary>
    public string Convert(string target, bool quantizeInt8 = false)
    {
        var options = new ConversionOptions { Output = Pooling, LogActivation = LogActivation, QuantizeInt8 = quantizeInt8 };
        var converted = CheckpointConverter.Convert(ModelFolder, target, options);
        var settings = new Dictionary<string, object>();
        if (MaxLength is { } maxLength)
        {
            settings["max_length"] = maxLength;
        }

        if (QueryPrompt is not null)
        {
            settings["query_prefix"] = QueryPrompt;
        }

        if (DocumentPrompt is not null)
        {
            settings["document_prefix"] = DocumentPrompt;
        }

        if (StaticQueryFolder is not null)
        {
            settings["query_encoding"] = "idf";
            WriteIdf(StaticQueryFolder, converted);
        }

        // The folder's own splade_config.json (query_top_k...) is kept, with the sentence-transformers settings added.
        var path = Path.Combine(converted, "splade_config.json");
        if (File.Exists(path))
        {
            using var existing = JsonDocument.Parse(File.ReadAllBytes(path));
            foreach (var property in existing.RootElement.EnumerateObject())
            {
                settings.TryAdd(property.Name, property.Value.Clone());
            }
        }

        File.WriteAllText(path, JsonSerializer.Serialize(settings));
        return converted;
    }

    private static SentenceTransformersLayout ReadRouter(string folder, string routerFolder)
    {
        var path = Path.Combine(routerFolder, "router_config.json");
        using var document = ParseJson(path);
        var root = document.RootElement;
        if (!root.TryGetProperty("types", out var types) || !root.TryGetProperty("structure", out var structure))
        {
            throw Bad(path, "needs \"types\" (module classes) and \"structure\" (the modules of each route).");
        }

        List<(string Type, string Folder)> Route(string name)
        {
            if (!structure.TryGetProperty(name, out var keys) || keys.ValueKind != JsonValueKind.Array)
            {
                throw Bad(path, $"\"structure\" has no \"{name}\" route.");
            }

            return keys.EnumerateArray().Select(key =>
            {
                var id = key.GetString() ?? "";
                var type = types.TryGetProperty(id, out var t) ? t.GetString() ?? "" : throw Bad(path, $"module {id} has no entry in \"types\".");
                return (type, Path.Combine(routerFolder, id));
            }).ToList();
        }

        var documentRoute = Route("document");
        var (mlm, pooling, log) = ReadRoute(folder, documentRoute, path + " (document route)");
        var queryRoute = Route("query");
        string? staticFolder = null;
        if (queryRoute.Count == 1 && ClassName(queryRoute[0].Type) == "SparseStaticEmbedding")
        {
            staticFolder = queryRoute[0].Folder;
        }
        else if (!queryRoute.Select(m => m.Folder).SequenceEqual(documentRoute.Select(m => m.Folder)))
        {
            throw Bad(
                path,
                $"the query route ({string.Join(", ", queryRoute.Select(m => ClassName(m.Type)))}) is neither one SparseStaticEmbedding "
                + "nor the document route; it is not supported.");
        }

        var (query, documentPrompt) = ReadPrompts(folder);
        return new SentenceTransformersLayout(mlm, pooling, log, ReadMaxLength(mlm, folder), query, documentPrompt, staticFolder);
    }

    /// <summary>A masked-LM module followed by SpladePooling; returns the module folder, the pooling and whether log1p is applied.</summary>
    private static (string Folder, GraphOutput Pooling, bool Log) ReadRoute(string folder, List<(string Type, string Folder)> modules, string source)
    {
        var names = modules.Select(m => ClassName(m.Type)).ToList();
        if (modules.Count != 2 || !IsMaskedLm(names[0], modules[0].Folder) || names[1] != "SpladePooling")
        {
            throw new CheckpointException(
                $"{Path.Combine(folder, "modules.json")}: {source} has modules {string.Join(" -> ", names)}; "
                + "a SPLADE SparseEncoder needs MLMTransformer (or a fill-mask Transformer) -> SpladePooling.")
            { FilePath = folder };
        }

        var configPath = Path.Combine(modules[1].Folder, "config.json");
        using var config = ParseJson(configPath);
        var strategy = Text(config.RootElement, "pooling_strategy") ?? "max";
        var activation = Text(config.RootElement, "activation_function") ?? "relu";
        var pooling = strategy switch
        {
            "max" => GraphOutput.PooledMax,
            "sum" => GraphOutput.PooledSum,
            _ => throw Bad(configPath, $"pooling_strategy \"{strategy}\" is not supported (max or sum)."),
        };
        var log = activation switch
        {
            "log1p_relu" => true,
            "relu" => false,
            _ => throw Bad(configPath, $"activation_function \"{activation}\" is not supported (relu or log1p_relu)."),
        };
        return (modules[0].Folder, pooling, log);
    }

    private static bool IsMaskedLm(string className, string moduleFolder)
    {
        if (className == "MLMTransformer")
        {
            return true;
        }

        if (className != "Transformer")
        {
            return false;
        }

        var config = Path.Combine(moduleFolder, "sentence_bert_config.json");
        if (!File.Exists(config))
        {
            return false;
        }

        using var document = ParseJson(config);
        return Text(document.RootElement, "transformer_task") == "fill-mask";
    }

    private static int? ReadMaxLength(string mlmFolder, string folder)
    {
        foreach (var candidate in new[] { Path.Combine(mlmFolder, "sentence_bert_config.json"), Path.Combine(folder, "sentence_bert_config.json") })
        {
            if (File.Exists(candidate))
            {
                using var document = ParseJson(candidate);
                if (document.RootElement.TryGetProperty("max_seq_length", out var value) && value.ValueKind == JsonValueKind.Number)
                {
                    return value.TryGetInt32(out var length) && length >= 2
                        ? length
                        : throw Bad(candidate, $"max_seq_length must be an integer of at least 2, found {value.GetRawText()}.");
                }
            }
        }

        return null;
    }

    private static (string? Query, string? Document) ReadPrompts(string folder)
    {
        var path = Path.Combine(folder, "config_sentence_transformers.json");
        if (!File.Exists(path))
        {
            return (null, null);
        }

        using var document = ParseJson(path);
        if (!document.RootElement.TryGetProperty("prompts", out var prompts) || prompts.ValueKind != JsonValueKind.Object)
        {
            return (null, null);
        }

        string? Prompt(params string[] names) => names.Select(name => Text(prompts, name)).FirstOrDefault(p => !string.IsNullOrEmpty(p));
        return (Prompt("query"), Prompt("document", "passage", "corpus"));
    }

    /// <summary>Writes idf.json (token to weight) from the static embedding's one-tensor safetensors file.</summary>
    private static void WriteIdf(string staticFolder, string converted)
    {
        var weightsPath = Path.Combine(staticFolder, "model.safetensors");
        if (!File.Exists(weightsPath))
        {
            throw new CheckpointException($"{staticFolder}: the SparseStaticEmbedding has no model.safetensors.") { FilePath = weightsPath };
        }

        var tensors = SafetensorsFile.Open(weightsPath);
        if (tensors.Count != 1 || tensors[0].Shape.Length != 1)
        {
            throw Bad(
                weightsPath,
                $"a SparseStaticEmbedding holds one vector of weights, found {string.Join(", ", tensors.Select(t => $"{t.Name} {t.ShapeText}"))}.");
        }

        var weights = tensors[0].Load();
        var ownTokenizer = File.Exists(Path.Combine(staticFolder, "vocab.txt")) || File.Exists(Path.Combine(staticFolder, "tokenizer.json"));
        var tokenizer = WordPieceTokenizer.FromModelFolder(ownTokenizer ? staticFolder : converted);
        if (weights.Length != tokenizer.VocabularySize)
        {
            throw Bad(weightsPath, $"tensor {tensors[0].Name} has {weights.Length} weights but the tokenizer has {tokenizer.VocabularySize} tokens.");
        }

        using var stream = File.Create(Path.Combine(converted, "idf.json"));
        using var json = new Utf8JsonWriter(stream);
        json.WriteStartObject();
        for (var id = 0; id < weights.Length; id++)
        {
            if (weights[id] != 0f)
            {
                json.WriteNumber(tokenizer.IdToToken(id), weights[id]);
            }
        }

        json.WriteEndObject();
    }

    private static List<(string Type, string Path)> ReadModules(string folder)
    {
        var path = Path.Combine(folder, "modules.json");
        using var document = ParseJson(path);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw Bad(path, "expected a JSON array of modules.");
        }

        return document.RootElement.EnumerateArray()
            .Select(m => (Text(m, "type") ?? throw Bad(path, "a module has no \"type\"."), Text(m, "path") ?? ""))
            .ToList();
    }

    private static string ClassName(string type) => type[(type.LastIndexOf('.') + 1)..];

    private static string? Text(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static JsonDocument ParseJson(string path)
    {
        if (!File.Exists(path))
        {
            throw new CheckpointException($"{path} does not exist.") { FilePath = path };
        }

        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException exception)
        {
            throw new CheckpointException($"{path}: not valid JSON: {exception.Message}", exception) { FilePath = path };
        }
    }

    private static CheckpointException Bad(string path, string problem) => new($"{path}: {problem}") { FilePath = path };
}
