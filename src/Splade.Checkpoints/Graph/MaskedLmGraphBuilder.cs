using Splade.Checkpoints.Onnx;
using Splade.Checkpoints.Weights;

namespace Splade.Checkpoints.Graph;

/// <summary>
/// Builds the ONNX graph of a BERT or DistilBERT masked-LM forward pass from a checkpoint's tensors.
/// </summary>
/// <remarks>
/// Hidden states are kept as a <c>[batch * sequence, hidden]</c> matrix so that every linear layer is one <c>Gemm</c> with the
/// PyTorch weight as stored (<c>transB</c>) and its bias fused; the query, key and value projections are one Gemm over the three
/// stacked weights. Attention is written out (reshape, transpose, MatMul, scaled additive mask, Softmax); LayerNormalization
/// (opset 17) and com.microsoft Gelu / FastGelu are single kernels. The decoder reuses the word embeddings when the checkpoint
/// ties them (no second copy in the file). Padding positions get float32's lowest value added to their attention scores, as
/// Hugging Face does.
/// </remarks>
internal sealed class MaskedLmGraphBuilder
{
    private readonly OnnxGraph _graph = new("splade_masked_lm");
    private readonly CheckpointConfig _config;
    private readonly TensorLookup _tensors;
    private readonly string _prefix;

    private MaskedLmGraphBuilder(CheckpointConfig config, CheckpointWeights weights)
    {
        _config = config;
        var architecture = config.Architecture == MaskedLmArchitecture.Bert ? "BertForMaskedLM" : "DistilBertForMaskedLM";
        _tensors = new TensorLookup(weights, architecture);
        var stem = config.Architecture == MaskedLmArchitecture.Bert ? "bert." : "distilbert.";
        _prefix = _tensors.Has(stem + "embeddings.word_embeddings.weight") || !_tensors.Has("embeddings.word_embeddings.weight") ? stem : "";
    }

    /// <summary>Builds the graph.</summary>
    /// <exception cref="CheckpointException">A tensor is missing or has the wrong shape.</exception>
    public static OnnxGraph Build(CheckpointConfig config, CheckpointWeights weights, GraphOutput output, bool doubleLog = false)
        => new MaskedLmGraphBuilder(config, weights).Build(output, doubleLog);

    private OnnxGraph Build(GraphOutput output, bool doubleLog)
    {
        var bert = _config.Architecture == MaskedLmArchitecture.Bert;
        long h = _config.HiddenSize;
        long v = _config.VocabularySize;
        _graph.Inputs.Add(new OnnxValueInfo("input_ids", OnnxDataType.Int64, ["batch", "sequence"]));
        _graph.Inputs.Add(new OnnxValueInfo("attention_mask", OnnxDataType.Int64, ["batch", "sequence"]));
        if (bert)
        {
            _graph.Inputs.Add(new OnnxValueInfo("token_type_ids", OnnxDataType.Int64, ["batch", "sequence"]));
        }

        var shape = _graph.Node("Shape", ["input_ids"]);
        var sequenceLength = _graph.Node("Slice", [shape, _graph.Constant(1), _graph.Constant(2), _graph.Constant(0)]);
        var wordName = Weight(_prefix + "embeddings.word_embeddings.weight", v, h);
        var word = _graph.Node("Gather", [wordName, "input_ids"]);
        var positionTable = Weight(_prefix + "embeddings.position_embeddings.weight", _config.MaxPositions, h);
        var positions = _graph.Node("Slice", [positionTable, _graph.Constant(0), sequenceLength, _graph.Constant(0)]);
        var embedded = _graph.Node("Add", [word, positions]);
        if (bert)
        {
            var types = _graph.Node("Gather", [Weight(_prefix + "embeddings.token_type_embeddings.weight", _config.TypeVocabularySize, h), "token_type_ids"]);
            embedded = _graph.Node("Add", [embedded, types]);
        }

        var x = LayerNorm(_graph.Node("Reshape", [embedded, _graph.Constant(-1, h)]), _prefix + "embeddings.LayerNorm");
        var maskFloat = _graph.Node("Cast", ["attention_mask"], ("to", (long)OnnxDataType.Float));
        var inverted = _graph.Node("Sub", [_graph.Constant(1f), maskFloat]);
        var additive = _graph.Node("Mul", [inverted, _graph.Constant(float.MinValue)]);
        var scoreMask = _graph.Node("Unsqueeze", [additive, _graph.Constant(1, 2)]);
        var headShape = _graph.Node("Concat", [shape, _graph.Constant(_config.Heads, h / _config.Heads)], ("axis", 0L));
        for (var layer = 0; layer < _config.Layers; layer++)
        {
            x = bert ? BertLayer(x, layer, scoreMask, headShape) : DistilBertLayer(x, layer, scoreMask, headShape);
        }

        var logits = Head(x);
        var perToken = _graph.Node("Reshape", [logits, _graph.Node("Concat", [shape, _graph.Constant(v)], ("axis", 0L))]);
        if (output == GraphOutput.Logits)
        {
            _graph.RenameLastOutput("logits");
            _graph.Outputs.Add(new OnnxValueInfo("logits", OnnxDataType.Float, ["batch", "sequence", v]));
            return _graph;
        }

        Pool(perToken, maskFloat, additive, output, doubleLog);
        _graph.Outputs.Add(new OnnxValueInfo("sparse_embedding", OnnxDataType.Float, ["batch", v]));
        return _graph;
    }

    /// <summary>
    /// SPLADE pooling inside the graph: the max of the masked logits then log(1 + relu) (monotone, so it commutes with the max), or
    /// the sum of log(1 + relu) over real tokens; <paramref name="doubleLog"/> applies log(1 + x) a second time.
    /// </summary>
    private void Pool(string perToken, string maskFloat, string additive, GraphOutput output, bool doubleLog)
    {
        string Activate(string values)
        {
            var once = _graph.Node("Log", [_graph.Node("Add", [_graph.Node("Relu", [values]), _graph.Constant(1f)])]);
            return doubleLog ? _graph.Node("Log", [_graph.Node("Add", [once, _graph.Constant(1f)])]) : once;
        }

        if (output == GraphOutput.PooledMax)
        {
            var masked = _graph.Node("Add", [perToken, _graph.Node("Unsqueeze", [additive, _graph.Constant(2)])]);
            Activate(_graph.Node("ReduceMax", [masked], ("axes", new long[] { 1 }), ("keepdims", 0L)));
        }
        else
        {
            var masked = _graph.Node("Mul", [Activate(perToken), _graph.Node("Unsqueeze", [maskFloat, _graph.Constant(2)])]);
            _graph.Node("ReduceSum", [masked, _graph.Constant(1)], ("keepdims", 0L));
        }

        _graph.RenameLastOutput("sparse_embedding");
    }

    private string BertLayer(string x, int layer, string scoreMask, string headShape)
    {
        var p = $"{_prefix}encoder.layer.{layer}.";
        var attended = Attention(
            x, p + "attention.self.query", p + "attention.self.key", p + "attention.self.value", p + "attention.output.dense", scoreMask, headShape);
        x = LayerNorm(_graph.Node("Add", [attended, x]), p + "attention.output.LayerNorm");
        var inner = Activation(Linear(x, p + "intermediate.dense", _config.IntermediateSize, _config.HiddenSize));
        var outer = Linear(inner, p + "output.dense", _config.HiddenSize, _config.IntermediateSize);
        return LayerNorm(_graph.Node("Add", [outer, x]), p + "output.LayerNorm");
    }

    private string DistilBertLayer(string x, int layer, string scoreMask, string headShape)
    {
        var p = $"{_prefix}transformer.layer.{layer}.";
        var attended = Attention(x, p + "attention.q_lin", p + "attention.k_lin", p + "attention.v_lin", p + "attention.out_lin", scoreMask, headShape);
        x = LayerNorm(_graph.Node("Add", [attended, x]), p + "sa_layer_norm");
        var inner = Activation(Linear(x, p + "ffn.lin1", _config.IntermediateSize, _config.HiddenSize));
        var outer = Linear(inner, p + "ffn.lin2", _config.HiddenSize, _config.IntermediateSize);
        return LayerNorm(_graph.Node("Add", [outer, x]), p + "output_layer_norm");
    }

    private string Attention(string x, string query, string key, string value, string output, string scoreMask, string headShape)
    {
        long h = _config.HiddenSize;
        var weights = new float[3 * h * h];
        var biases = new float[3 * h];
        var parts = new[] { query, key, value };
        for (var i = 0; i < 3; i++)
        {
            _tensors.Get(parts[i] + ".weight", h, h).CopyTo(weights, i * h * h);
            _tensors.Get(parts[i] + ".bias", h).CopyTo(biases, i * h);
        }

        var qkvName = query + "_key_value";
        var qkv = Gemm(
            x, _graph.Add(OnnxTensor.Floats(qkvName + ".weight", weights, 3 * h, h)), _graph.Add(OnnxTensor.Floats(qkvName + ".bias", biases, 3 * h)));
        var split = _graph.FreshName("Split");
        string[] qkvOutputs = [split + "_q", split + "_k", split + "_v"];
        _graph.Nodes.Add(new OnnxNode(split, "Split", "", [qkv, _graph.Constant(h, h, h)], qkvOutputs, [("axis", 1L)]));
        var q = _graph.Node("Transpose", [_graph.Node("Reshape", [qkvOutputs[0], headShape])], ("perm", new long[] { 0, 2, 1, 3 }));
        var k = _graph.Node("Transpose", [_graph.Node("Reshape", [qkvOutputs[1], headShape])], ("perm", new long[] { 0, 2, 3, 1 }));
        var v = _graph.Node("Transpose", [_graph.Node("Reshape", [qkvOutputs[2], headShape])], ("perm", new long[] { 0, 2, 1, 3 }));
        var scale = _graph.Constant((float)(1.0 / Math.Sqrt(h / _config.Heads)));
        var scores = _graph.Node("Add", [_graph.Node("Mul", [_graph.Node("MatMul", [q, k]), scale]), scoreMask]);
        var probabilities = _graph.Node("Softmax", [scores], ("axis", -1L));
        var context = _graph.Node("Transpose", [_graph.Node("MatMul", [probabilities, v])], ("perm", new long[] { 0, 2, 1, 3 }));
        var flat = _graph.Node("Reshape", [context, _graph.Constant(-1, h)]);
        return Linear(flat, output, h, h);
    }

    private string Head(string x)
    {
        long h = _config.HiddenSize;
        long v = _config.VocabularySize;
        var bert = _config.Architecture == MaskedLmArchitecture.Bert;
        var transform = bert ? "cls.predictions.transform.dense" : "vocab_transform";
        var norm = bert ? "cls.predictions.transform.LayerNorm" : "vocab_layer_norm";
        var hidden = LayerNorm(Activation(Linear(x, transform, h, h)), norm);
        var decoderWeight = bert ? "cls.predictions.decoder.weight" : "vocab_projector.weight";
        var wordName = _prefix + "embeddings.word_embeddings.weight";
        string decoder;
        if (_tensors.Has(decoderWeight))
        {
            decoder = SameAsWordEmbeddings(decoderWeight, wordName, v, h) ? wordName : Weight(decoderWeight, v, h);
        }
        else
        {
            decoder = _config.TieWordEmbeddings
                ? wordName
                : throw new CheckpointException(
                    $"tensor {decoderWeight} [{v}, {h}] is missing and config.json sets tie_word_embeddings false, so the word " +
                    "embeddings cannot stand in for it.");
        }

        var biasName = bert ? (_tensors.Has("cls.predictions.decoder.bias") ? "cls.predictions.decoder.bias" : "cls.predictions.bias") : "vocab_projector.bias";
        return Gemm(hidden, decoder, Weight(biasName, v));
    }

    /// <summary>A checkpoint that stores the tied decoder explicitly holds a second, identical copy: the graph keeps one.</summary>
    private bool SameAsWordEmbeddings(string decoderWeight, string wordName, long v, long h)
        => _config.TieWordEmbeddings && _graph.FindInitializer(wordName) is { } word
            && word.Raw.AsSpan().SequenceEqual(System.Runtime.InteropServices.MemoryMarshal.AsBytes(_tensors.Get(decoderWeight, v, h).AsSpan()));

    private string Linear(string x, string name, long outputs, long inputs)
        => Gemm(x, Weight(name + ".weight", outputs, inputs), Weight(name + ".bias", outputs));

    private string Gemm(string x, string weight, string bias) => _graph.Node("Gemm", [x, weight, bias], ("transB", 1L));

    private string LayerNorm(string x, string name)
    {
        long h = _config.HiddenSize;
        return _graph.Node(
            "LayerNormalization",
            [x, Weight(name + ".weight", h), Weight(name + ".bias", h)],
            ("axis", -1L),
            ("epsilon", _config.LayerNormEpsilon));
    }

    private string Activation(string x) => _config.Activation switch
    {
        "gelu" => _graph.NodeIn(OnnxGraph.MicrosoftDomain, "Gelu", [x]),
        "relu" => _graph.Node("Relu", [x]),
        _ => _graph.NodeIn(OnnxGraph.MicrosoftDomain, "FastGelu", [x]),
    };

    private string Weight(string name, params long[] shape)
        => _graph.FindInitializer(name) is { } existing ? existing.Name : _graph.Add(OnnxTensor.Floats(name, _tensors.Get(name, shape), shape));
}
