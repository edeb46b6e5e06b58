using Splade.Encoding.Tokenization;

namespace Splade.Encoding.Dense;

/// <summary>A sentence-embedding model held in memory: its ONNX graph, its tokenizer and the usage it was trained with.</summary>
/// <remarks>
/// <para>This is how a model that is not a folder on disk (for example one carried as embedded resources by a model
/// package such as Splade.Models.Dense) becomes a <see cref="DenseEncoder"/>: see <see cref="DenseEncoder.Create"/>.
/// The definition is read once, when the encoder is created; ONNX Runtime keeps its own copy of the graph, so the
/// definition need not outlive that call.</para>
/// <para><see cref="QueryPrefix"/> and <see cref="DocumentPrefix"/> are the texts the model was trained to see before a
/// query or a document (sentence-transformers' prompts); they are prepended before tokenization and count towards
/// <see cref="MaxLength"/>, as sentence-transformers does.</para>
/// <para>Thread safety: immutable once built (init-only), so it may be shared between threads; its ONNX bytes are not copied, so leave that array
/// unchanged.</para>
/// </remarks>
public sealed class DenseModelDefinition
{
    /// <summary>The model's name, reported by <see cref="DenseEncoder.ModelName"/> and part of embedding cache keys.</summary>
    public required string Name { get; init; }

    /// <summary>The ONNX graph's bytes: inputs <c>input_ids</c>, <c>attention_mask</c> (and optionally <c>token_type_ids</c>),
    /// first output the per-token hidden states [batch, sequence, hidden].</summary>
    public required byte[] OnnxModel { get; init; }

    /// <summary>Where <see cref="OnnxModel"/> came from (a resource or file name), named in errors.</summary>
    public required string OnnxSource { get; init; }

    /// <summary>The model's tokenizer.</summary>
    public required WordPieceTokenizer Tokenizer { get; init; }

    /// <summary>How the hidden states become one vector.</summary>
    public required DensePooling Pooling { get; init; }

    /// <summary>The most tokens per text the model was trained with, [CLS] and [SEP] included, at least 2.</summary>
    public required int MaxLength { get; init; }

    /// <summary>The text prepended to every query; empty for none. Default empty.</summary>
    public string QueryPrefix { get; init; } = "";

    /// <summary>The text prepended to every document; empty for none. Default empty.</summary>
    public string DocumentPrefix { get; init; } = "";

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Name, nameof(Name));
        ArgumentNullException.ThrowIfNull(OnnxModel, nameof(OnnxModel));
        ArgumentException.ThrowIfNullOrWhiteSpace(OnnxSource, nameof(OnnxSource));
        ArgumentNullException.ThrowIfNull(Tokenizer, nameof(Tokenizer));
        ArgumentNullException.ThrowIfNull(QueryPrefix, nameof(QueryPrefix));
        ArgumentNullException.ThrowIfNull(DocumentPrefix, nameof(DocumentPrefix));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxLength, 2, nameof(MaxLength));
        if (!Enum.IsDefined(Pooling))
        {
            throw new ArgumentOutOfRangeException(nameof(Pooling), Pooling, "Unknown pooling mode.");
        }

        if (OnnxModel.Length == 0)
        {
            throw new ModelLoadException($"{OnnxSource}: the ONNX model is empty.") { FilePath = OnnxSource };
        }
    }
}
