using System.Runtime.InteropServices;
using System.Text.Json;
using Splade.Checkpoints.Tests.Support;
using Splade.Checkpoints.Weights;
using Splade.Core;
using Splade.Encoding;
using Splade.Encoding.Tests.Support;

namespace Splade.Checkpoints.Tests.SentenceTransformers;

/// <summary>
/// sentence-transformers SparseEncoder layouts built around the fixture weights. SpladePooling computes
/// <c>POOL_i log1p(relu(logit_ij))</c> for <c>activation_function</c> relu and <c>POOL_i log1p(log1p(relu(logit_ij)))</c> for
/// log1p_relu, so from the reference vectors w = max_i log1p(relu(logit_ij)) (and the sum) the expected values are: max + relu = w;
/// max + log1p_relu = log1p(w) (log1p is monotone, so the max commutes with it); sum + relu = the reference sum. Prompts are
/// prepended to the text, so the layout's vectors equal the plain model's vectors of "prompt + text".
/// </summary>
public sealed class SentenceTransformersLayoutTests : IDisposable
{
    private readonly CheckpointFolder _checkpoint = new(CheckpointFolder.Bert);
    private readonly IReadOnlyList<ReferenceItem> _items = ReferenceVectors.Items(CheckpointFolder.Bert);

    public void Dispose() => _checkpoint.Dispose();

    private string Converted() => _checkpoint.Sibling("converted");

    private static void WriteLayout(string root, string moduleType, string pooling, string activation, string mlmPath = "")
    {
        Json(Path.Combine(root, "modules.json"), new object[]
        {
            new { idx = 0, name = "0", path = mlmPath, type = moduleType },
            new { idx = 1, name = "1", path = "1_SpladePooling", type = "sentence_transformers.sparse_encoder.models.SpladePooling" },
        });
        Json(
            Path.Combine(root, "1_SpladePooling", "config.json"),
            new { pooling_strategy = pooling, activation_function = activation, word_embedding_dimension = 30522 });
    }

    [Theory]
    [InlineData("max", "relu")]
    [InlineData("max", "log1p_relu")]
    [InlineData("sum", "relu")]
    public void Spladepooling_settings_give_the_documented_formula_of_the_reference_vectors(string pooling, string activation)
    {
        WriteLayout(_checkpoint.Path, "sentence_transformers.sparse_encoder.models.MLMTransformer", pooling, activation);
        using var encoder = SpladeEncoder.Load(ModelResolver.Resolve(_checkpoint.Path, convertedRoot: Converted()));
        var vectors = encoder.EncodeBatch(_items.Select(i => i.Text).ToArray());
        for (var i = 0; i < _items.Count; i++)
        {
            var expected = (pooling, activation) switch
            {
                ("max", "relu") => _items[i].Max,
                ("max", _) => Map(_items[i].Max, w => MathF.Log(1f + w)),
                _ => _items[i].Sum!,
            };
            var difference = Dense.MaxRelativeDifference(expected, vectors[i]);
            Assert.True(difference <= 1e-5f, $"{pooling}/{activation} text {i}: relative difference {difference}");
        }
    }

    [Fact]
    public void A_fill_mask_transformer_module_counts_as_the_masked_lm_and_a_plain_one_is_refused()
    {
        WriteLayout(_checkpoint.Path, "sentence_transformers.models.Transformer", "max", "relu");
        var error = Assert.Throws<CheckpointException>(() => ModelResolver.Resolve(_checkpoint.Path, convertedRoot: Converted()));
        Assert.Contains("MLMTransformer", error.Message, StringComparison.Ordinal);

        Json(_checkpoint.File("sentence_bert_config.json"), new { max_seq_length = 512, do_lower_case = false, transformer_task = "fill-mask" });
        using var encoder = SpladeEncoder.Load(ModelResolver.Resolve(_checkpoint.Path, convertedRoot: Converted()));
        Assert.True(Dense.MaxDifference(_items[0].Max, encoder.Encode(_items[0].Text)) <= 1e-5f);
    }

    [Fact]
    public void Prompts_and_max_seq_length_are_applied_as_sentence_transformers_does()
    {
        WriteLayout(_checkpoint.Path, "sentence_transformers.sparse_encoder.models.MLMTransformer", "max", "relu");
        Json(_checkpoint.File("sentence_bert_config.json"), new { max_seq_length = 16, do_lower_case = false });
        Json(
            _checkpoint.File("config_sentence_transformers.json"),
            new { prompts = new { query = "query: ", document = "passage: " }, default_prompt_name = (string?)null });
        using var layout = SpladeEncoder.Load(ModelResolver.Resolve(_checkpoint.Path, convertedRoot: Converted()));
        using var plain = SpladeEncoder.Load(
            Checkpoints.Conversion.CheckpointConverter.Convert(_checkpoint.Path, _checkpoint.Sibling("plain")), new SpladeEncoderOptions { MaxLength = 16 });
        Assert.Equal(16, layout.MaxLength);
        foreach (var text in _items.Take(4).Select(i => i.Text))
        {
            Assert.True(Dense.MaxDifference(plain.Encode("passage: " + text), layout.EncodeBatch([text])[0]) <= 1e-5f);
            Assert.True(Dense.MaxDifference(plain.Encode("query: " + text), layout.EncodeQuery(text)) <= 1e-5f);
        }
    }

    [Fact]
    public void A_router_encodes_queries_with_the_static_embedding_and_documents_with_the_masked_lm()
    {
        var weights = new float[30522];
        var random = new Random(5);
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = random.NextSingle() * 3f;
        }

        var root = WriteStaticRouter(_checkpoint.Sibling("router"), [SafetensorsWriter.Entry.Float32("weight", weights, weights.Length)]);
        using var encoder = SpladeEncoder.Load(ModelResolver.Resolve(root, convertedRoot: Converted()));
        Assert.True(Dense.MaxDifference(_items[0].Max, encoder.EncodeBatch([_items[0].Text])[0]) <= 1e-5f);
        foreach (var item in _items.Take(6))
        {
            // SparseStaticEmbedding: each distinct token of the query (no special tokens) weighs its entry of the tensor.
            var expected = new Dictionary<uint, float>();
            foreach (var id in item.InputIds.Skip(1).SkipLast(1).Where(id => id is not (100 or 101 or 102 or 103 or 0)))
            {
                expected[(uint)id] = weights[id];
            }

            var actual = encoder.EncodeQuery(item.Text);
            Assert.True(Dense.MaxDifference(SparseVector.FromDictionary(expected, 30522), actual) <= 1e-6f, item.Text);
        }
    }

    [Fact]
    public void Do_lower_case_is_honoured_by_an_uncased_tokenizer_and_refused_before_a_cased_one()
    {
        WriteLayout(_checkpoint.Path, "sentence_transformers.sparse_encoder.models.MLMTransformer", "max", "relu");
        Json(_checkpoint.File("sentence_bert_config.json"), new { max_seq_length = 512, do_lower_case = true });
        using (var encoder = SpladeEncoder.Load(ModelResolver.Resolve(_checkpoint.Path, convertedRoot: Converted())))
        {
            Assert.True(Dense.MaxDifference(_items[0].Max, encoder.Encode(_items[0].Text.ToUpperInvariant())) <= 1e-5f);
        }

        // The same files with a cased tokenizer: the text would have to be lowercased first, which is refused, not ignored.
        var tokenizer = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(_checkpoint.File("tokenizer.json")))!;
        tokenizer["normalizer"]!["lowercase"] = false;
        File.WriteAllText(_checkpoint.File("tokenizer.json"), tokenizer.ToJsonString());
        var error = Assert.Throws<CheckpointException>(() => ModelResolver.Resolve(_checkpoint.Path, convertedRoot: _checkpoint.Sibling("cased")));
        Assert.Contains("do_lower_case", error.Message, StringComparison.Ordinal);
        Assert.Contains("sentence_bert_config.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_asymmetric_router_encodes_queries_and_documents_with_their_own_networks()
    {
        // efficient-splade's layout: the document network in the router's own folder (module id ""), the query network in
        // query_0_MLMTransformer; here DistilBERT for documents and BERT for queries, each pinned by its reference vectors.
        using var documents = new CheckpointFolder(CheckpointFolder.DistilBert);
        var root = documents.Path;
        CopyFolder(_checkpoint.Path, Path.Combine(root, "query_0_MLMTransformer"));
        Json(Path.Combine(root, "query_0_MLMTransformer", "sentence_bert_config.json"), new { max_seq_length = 64, do_lower_case = false });
        Json(Path.Combine(root, "query_1_SpladePooling", "config.json"), new { pooling_strategy = "max", activation_function = "relu" });
        Json(Path.Combine(root, "document_1_SpladePooling", "config.json"), new { pooling_strategy = "max", activation_function = "relu" });
        Json(Path.Combine(root, "modules.json"), new object[] { new { idx = 0, name = "0", path = "", type = "sentence_transformers.models.Router" } });
        const string mlm = "sentence_transformers.sparse_encoder.models.MLMTransformer";
        const string pooling = "sentence_transformers.sparse_encoder.models.SpladePooling";
        Json(Path.Combine(root, "router_config.json"), new
        {
            types = new Dictionary<string, string>
            {
                ["query_0_MLMTransformer"] = mlm, ["query_1_SpladePooling"] = pooling, [""] = mlm, ["document_1_SpladePooling"] = pooling,
            },
            structure = new Dictionary<string, string[]>
            {
                ["query"] = ["query_0_MLMTransformer", "query_1_SpladePooling"],
                ["document"] = ["", "document_1_SpladePooling"],
            },
            parameters = new { default_route = "document", allow_empty_key = true },
        });

        var converted = ModelResolver.Resolve(root, convertedRoot: Converted());
        Assert.True(File.Exists(Path.Combine(converted, "query", "onnx", "model.onnx")));
        using var encoder = SpladeEncoder.Load(converted);
        var documentItems = ReferenceVectors.Items(CheckpointFolder.DistilBert);
        var documentVectors = encoder.EncodeBatch(documentItems.Select(i => i.Text).ToArray());
        for (var i = 0; i < documentItems.Count; i++)
        {
            Assert.True(Dense.MaxRelativeDifference(documentItems[i].Max, documentVectors[i]) <= 1e-5f, $"document {i}");
        }

        foreach (var item in _items.Where(i => i.InputIds.Length <= 64))
        {
            Assert.True(Dense.MaxRelativeDifference(item.Max, encoder.EncodeQuery(item.Text)) <= 1e-5f, item.Text);
        }
    }

    [Fact]
    public void A_router_that_fails_to_convert_leaves_nothing_that_looks_converted()
    {
        SafetensorsWriter.Entry[] twoTensors = [SafetensorsWriter.Entry.Float32("a", new float[3], 3), SafetensorsWriter.Entry.Float32("b", new float[3], 3)];
        var root = WriteStaticRouter(_checkpoint.Sibling("router"), twoTensors);

        for (var attempt = 0; attempt < 2; attempt++)
        {
            var error = Assert.Throws<CheckpointException>(() => ModelResolver.Resolve(root, convertedRoot: Converted()));
            Assert.Contains("one vector of weights", error.Message, StringComparison.Ordinal);
        }

        Assert.Empty(Directory.GetDirectories(Converted()));
    }

    /// <summary>An inference-free router: queries through a SparseStaticEmbedding with these tensors, documents through the fixture.</summary>
    private string WriteStaticRouter(string root, SafetensorsWriter.Entry[] staticTensors)
    {
        var documentModule = Path.Combine(root, "document_0_MLMTransformer");
        CopyFolder(_checkpoint.Path, documentModule);
        var staticModule = Path.Combine(root, "query_0_SparseStaticEmbedding");
        Directory.CreateDirectory(staticModule);
        foreach (var file in new[] { "tokenizer.json", "tokenizer_config.json", "vocab.txt" })
        {
            File.Copy(_checkpoint.File(file), Path.Combine(staticModule, file));
        }

        SafetensorsWriter.Write(Path.Combine(staticModule, "model.safetensors"), staticTensors);
        Json(Path.Combine(staticModule, "config.json"), new { frozen = false });
        Json(Path.Combine(root, "document_1_SpladePooling", "config.json"), new { pooling_strategy = "max", activation_function = "relu" });
        Json(Path.Combine(root, "modules.json"), new object[] { new { idx = 0, name = "0", path = "", type = "sentence_transformers.models.Router" } });
        Json(Path.Combine(root, "router_config.json"), new
        {
            types = new Dictionary<string, string>
            {
                ["query_0_SparseStaticEmbedding"] = "sentence_transformers.sparse_encoder.models.SparseStaticEmbedding",
                ["document_0_MLMTransformer"] = "sentence_transformers.sparse_encoder.models.MLMTransformer",
                ["document_1_SpladePooling"] = "sentence_transformers.sparse_encoder.models.SpladePooling",
            },
            structure = new Dictionary<string, string[]>
            {
                ["query"] = ["query_0_SparseStaticEmbedding"],
                ["document"] = ["document_0_MLMTransformer", "document_1_SpladePooling"],
            },
            parameters = new { default_route = "document", allow_empty_key = true },
        });

        return root;
    }

    private static SparseVector Map(SparseVector vector, Func<float, float> function)
    {
        var values = vector.Values.ToArray().Select(function).ToArray();
        return SparseVector.Wrap(vector.Indices.ToArray(), values, vector.Dimension);
    }

    private static void CopyFolder(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }

    private static void Json(string path, object value)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, JsonSerializer.Serialize(value));
    }
}
