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
/// <c>router_config.json</c> sends documents through such a route and queries through the same route, a
/// <c>SparseStaticEmbedding</c> (inference-free models) or a masked-LM route of their own (asymmetric models such as
/// naver/efficient-splade).
/// </summary>
/// <remarks>
/// It is converted into a model folder whose graph pools as <c>SpladePooling</c> does (max or sum of log(1 + relu(x)), or of
/// log(1 + log(1 + relu(x))) for <c>activation_function</c> <c>log1p_relu</c>; inside the graph, since the activation is the
/// module's choice) and whose <c>splade_config.json</c> carries <c>max_seq_length</c> (<c>sentence_bert_config.json</c>), the
/// query and document prompts (<c>config_sentence_transformers.json</c>) and either IDF query encoding with the static
/// embedding's weights in <c>idf.json</c>, or <c>query_model</c>: the subfolder holding the query route's own converted model.
/// The whole folder is written through a staging folder and renamed into place, so a failed or killed conversion leaves nothing
/// that looks usable.
/// </remarks>
internal sealed record SentenceTransformersLayout(
    SentenceTransformersRoute Document,
    SentenceTransformersRoute? QueryModel,
    string? QueryPrompt,
    string? DocumentPrompt,
    string? StaticQueryFolder)
{
    /// <summary>The subfolder of a converted asymmetric model that holds its query model.</summary>
    public const string QueryModelFolder = "query";

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

        var route = ReadRoute(folder, modules.Select(m => (m.Type, Path.Combine(folder, m.Path))).ToList(), "modules.json");
        var (query, document) = ReadPrompts(folder);
        return new SentenceTransformersLayout(route, null, query, document, null);
    }

    /// <summary>Converts the layout once into the converted-model cache and returns the model folder.</summary>
    public static string GetOrConvert(string folder, string? convertedRoot, Action<string>? log)
    {
        var layout = Read(folder);
        var hashes = CheckpointWeights.Open(layout.Document.ModelFolder).ContentHash()
            + (layout.QueryModel is { } queryModel ? CheckpointWeights.Open(queryModel.ModelFolder).ContentHash() : "");
        var settings = JsonSerializer.Serialize(new
        {
            Document = layout.Document with { ModelFolder = "" },
            QueryModel = layout.QueryModel is null ? null : layout.QueryModel with { ModelFolder = "" },
            layout.QueryPrompt,
            layout.DocumentPrompt,
            StaticQuery = layout.StaticQueryFolder is null ? null : StaticWeightsHash(layout.StaticQueryFolder),
        });
        var key = System.Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(hashes + settings)))[..16];
        return ConvertedModelCache.GetOrCreate(
            convertedRoot, $"converted-st-{key}", target => layout.Convert(target), $"the sentence-transformers model {folder}", log);
    }

    /// <summary>Converts into <paramref name="target"/> (replacing it) through a staging folder; returns its full path.</summary>
    /// <exception cref="CheckpointException">A module cannot be converted; nothing is left at <paramref name="target"/>.</exception>
    public string Convert(string target, bool quantizeInt8 = false)
    {
        return StagedFolder.Publish(target, staging =>
        {
            var converted = ConvertRoute(Document, staging, quantizeInt8);
            var settings = Settings(Document);
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

            if (QueryModel is not null)
            {
                var queryFolder = ConvertRoute(QueryModel, Path.Combine(converted, QueryModelFolder), quantizeInt8);
                WriteSettings(queryFolder, Settings(QueryModel));
                settings["query_model"] = QueryModelFolder;
            }

            WriteSettings(converted, settings);
        });
    }

    private static string ConvertRoute(SentenceTransformersRoute route, string target, bool quantizeInt8)
        => CheckpointConverter.Convert(
            route.ModelFolder, target, new ConversionOptions { Output = route.Pooling, DoubleLog = route.DoubleLog, QuantizeInt8 = quantizeInt8 });

    private static Dictionary<string, object> Settings(SentenceTransformersRoute route)
    {
        var settings = new Dictionary<string, object>();
        if (route.MaxLength is { } maxLength)
        {
            settings["max_length"] = maxLength;
        }

        return settings;
    }

    /// <summary>Writes splade_config.json, keeping what the checkpoint's own file says (query_top_k...) beside these settings.</summary>
    private static void WriteSettings(string converted, Dictionary<string, object> settings)
    {
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
    }

    private static string StaticWeightsHash(string staticFolder)
    {
        var path = Path.Combine(staticFolder, "model.safetensors");
        if (!File.Exists(path))
        {
            return "";
        }

        using var stream = File.OpenRead(path);
        return System.Convert.ToHexStringLower(SHA256.HashData(stream));
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
                // Router.save writes each module into a folder named after its id; an empty id (".") is the router's own folder.
                return (type, id is "" or "." ? routerFolder : Path.Combine(routerFolder, id));
            }).ToList();
        }

        var documentRoute = Route("document");
        var documentModel = ReadRoute(folder, documentRoute, path + " (document route)");
        var queryRoute = Route("query");
        string? staticFolder = null;
        SentenceTransformersRoute? queryModel = null;
        if (queryRoute.Count == 1 && ClassName(queryRoute[0].Type) == "SparseStaticEmbedding")
        {
            staticFolder = queryRoute[0].Folder;
        }
        else if (!queryRoute.Select(m => m.Folder).SequenceEqual(documentRoute.Select(m => m.Folder)))
        {
            // An asymmetric model: queries have a masked-LM route of their own (its own weights, pooling and length).
            queryModel = ReadRoute(folder, queryRoute, path + " (query route, neither one SparseStaticEmbedding nor the document route)");
        }

        var (query, documentPrompt) = ReadPrompts(folder);
        return new SentenceTransformersLayout(documentModel, queryModel, query, documentPrompt, staticFolder);
    }

    /// <summary>A masked-LM module followed by SpladePooling: the module folder, the pooling, the activation and the length.</summary>
    private static SentenceTransformersRoute ReadRoute(string folder, List<(string Type, string Folder)> modules, string source)
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
        // SpladePooling always applies log(1 + x) after ReLU; "log1p_relu" applies it a second time (OpenSearch's v3 models).
        var log = activation switch
        {
            "relu" => false,
            "log1p_relu" => true,
            _ => throw Bad(configPath, $"activation_function \"{activation}\" is not supported (relu or log1p_relu)."),
        };
        if (!File.Exists(Path.Combine(modules[0].Folder, "config.json")))
        {
            throw Bad(modules[0].Folder, $"{source}: the masked-LM module's folder has no config.json.");
        }

        CheckLowerCase(modules[0].Folder, folder);
        return new SentenceTransformersRoute(modules[0].Folder, pooling, log, ReadMaxLength(modules[0].Folder, folder));
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

    /// <summary>
    /// <c>do_lower_case</c> true lowercases the text before the tokenizer sees it; that is what an uncased tokenizer does already,
    /// and lowercasing before a cased tokenizer is refused rather than ignored.
    /// </summary>
    private static void CheckLowerCase(string mlmFolder, string folder)
    {
        foreach (var candidate in new[] { Path.Combine(mlmFolder, "sentence_bert_config.json"), Path.Combine(folder, "sentence_bert_config.json") })
        {
            if (!File.Exists(candidate))
            {
                continue;
            }

            using var document = ParseJson(candidate);
            if (!document.RootElement.TryGetProperty("do_lower_case", out var value) || value.ValueKind != JsonValueKind.True)
            {
                return;
            }

            WordPieceTokenizer tokenizer;
            try
            {
                tokenizer = WordPieceTokenizer.FromModelFolder(mlmFolder);
            }
            catch (TokenizerLoadException exception)
            {
                throw Bad(mlmFolder, $"the tokenizer cannot be loaded: {exception.Message}");
            }

            if (!tokenizer.Options.Lowercase)
            {
                throw Bad(
                    candidate, $"do_lower_case is true but the tokenizer in {mlmFolder} keeps case; lowercasing before a cased tokenizer is not supported.");
            }

            return;
        }
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
