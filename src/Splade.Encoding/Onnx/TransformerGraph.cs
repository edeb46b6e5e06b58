using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Splade.Encoding.Onnx;

/// <summary>The inputs and the output of a transformer encoder graph, checked once when the model loads.</summary>
/// <remarks>
/// Accepted inputs are <c>input_ids</c> and <c>attention_mask</c> (both required) and <c>token_type_ids</c> (optional; DistilBERT has
/// none), all int64 <c>[batch, sequence]</c>. The first output is used: rank 3 means one row per token, rank 2 a row per text.
/// </remarks>
internal sealed class TransformerGraph
{
    public const string InputIds = "input_ids";
    public const string AttentionMask = "attention_mask";
    public const string TokenTypeIds = "token_type_ids";

    private TransformerGraph(bool hasTokenTypeIds, string outputName, TransformerOutputKind outputKind, long outputWidth)
    {
        HasTokenTypeIds = hasTokenTypeIds;
        OutputName = outputName;
        OutputKind = outputKind;
        OutputWidth = outputWidth;
    }

    /// <summary>Whether the graph takes <c>token_type_ids</c>.</summary>
    public bool HasTokenTypeIds { get; }

    /// <summary>The output that is read.</summary>
    public string OutputName { get; }

    /// <summary>Whether the output is per token or already pooled.</summary>
    public TransformerOutputKind OutputKind { get; }

    /// <summary>The last dimension of the output (the vocabulary or hidden size), or -1 when the graph leaves it symbolic.</summary>
    public long OutputWidth { get; }

    /// <summary>The input names in the order the session is fed.</summary>
    public string[] InputNames => HasTokenTypeIds ? [InputIds, AttentionMask, TokenTypeIds] : [InputIds, AttentionMask];

    /// <summary>Inspects the session's inputs and outputs.</summary>
    /// <exception cref="ModelLoadException">An input is missing, unexpected or not int64, or the output has an unsupported type or rank.</exception>
    public static TransformerGraph Inspect(InferenceSession session, string onnxPath)
    {
        ArgumentNullException.ThrowIfNull(session);
        var inputs = session.InputMetadata;
        foreach (var (name, metadata) in inputs)
        {
            if (name is not (InputIds or AttentionMask or TokenTypeIds))
            {
                throw Invalid(onnxPath, $"unexpected graph input \"{name}\"; the encoder feeds only {InputIds}, {AttentionMask} and {TokenTypeIds}.");
            }

            if (metadata.ElementDataType != TensorElementType.Int64 || metadata.Dimensions.Length != 2)
            {
                throw Invalid(
                    onnxPath,
                    $"graph input \"{name}\" must be int64 [batch, sequence], found {metadata.ElementDataType} of rank {metadata.Dimensions.Length}.");
            }
        }

        foreach (var required in (string[])[InputIds, AttentionMask])
        {
            if (!inputs.ContainsKey(required))
            {
                throw Invalid(onnxPath, $"the graph has no input \"{required}\" (inputs: {string.Join(", ", inputs.Keys)}).");
            }
        }

        if (session.OutputMetadata.Count == 0)
        {
            throw Invalid(onnxPath, "the graph has no output.");
        }

        var outputName = session.OutputNames[0];
        var output = session.OutputMetadata[outputName];
        if (output.ElementDataType != TensorElementType.Float)
        {
            throw Invalid(onnxPath, $"graph output \"{outputName}\" must be float32, found {output.ElementDataType}.");
        }

        var kind = output.Dimensions.Length switch
        {
            3 => TransformerOutputKind.PerToken,
            2 => TransformerOutputKind.Pooled,
            _ => throw Invalid(
                onnxPath,
                $"graph output \"{outputName}\" must be [batch, sequence, vocabulary] or [batch, vocabulary], found rank {output.Dimensions.Length}."),
        };
        return new TransformerGraph(inputs.ContainsKey(TokenTypeIds), outputName, kind, output.Dimensions[^1]);
    }

    private static ModelLoadException Invalid(string onnxPath, string problem) => new($"{onnxPath}: {problem}") { FilePath = onnxPath };
}
