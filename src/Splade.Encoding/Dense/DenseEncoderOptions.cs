namespace Splade.Encoding.Dense;

/// <summary>Knobs of a <see cref="DenseEncoder"/>.</summary>
/// <remarks>
/// <para><see cref="MaxLength"/> caps the tokens per text, [CLS] and [SEP] included; null takes the model's own limit
/// (sentence-transformers' <c>max_seq_length</c>, 256 for all-MiniLM-L6-v2). Longer texts are truncated.</para>
/// <para><see cref="BatchSize"/> is how many texts run through the model at once. Texts are sorted by length before
/// batching so each batch pads to a similar length; results come back in input order.</para>
/// <para><see cref="Pooling"/> overrides the model's pooling mode; a model folder without
/// <c>1_Pooling/config.json</c> requires it (the encoder does not guess).</para>
/// <para><see cref="QueryPrefix"/> and <see cref="DocumentPrefix"/> override the texts the model puts before queries and
/// documents (for a folder: the <c>query</c> and <c>document</c> prompts of <c>config_sentence_transformers.json</c>); null
/// keeps the model's, empty removes them.</para>
/// <para><see cref="IntraOpThreads"/> is ONNX Runtime's thread count per inference; 0 lets ONNX Runtime decide.</para>
/// <para>Thread safety: immutable (init-only properties), so one instance may be shared by any number of threads; a collection or object it refers to is not
/// copied, so leave that unchanged while the options are in use.</para>
/// </remarks>
public sealed record DenseEncoderOptions
{
    /// <summary>The most tokens per text, [CLS] and [SEP] included, at least 2; null uses the model's limit.</summary>
    public int? MaxLength { get; init; }

    /// <summary>How many texts run through the model at once, at least 1. Default 32.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>The pooling mode; null uses the model's configuration.</summary>
    public DensePooling? Pooling { get; init; }

    /// <summary>Whether to scale each vector to unit L2 norm, so inner product equals cosine. Default true.</summary>
    public bool Normalize { get; init; } = true;

    /// <summary>The text prepended to every query; null uses the model's (none for most models), empty for none.</summary>
    public string? QueryPrefix { get; init; }

    /// <summary>The text prepended to every document; null uses the model's (none for most models), empty for none.</summary>
    public string? DocumentPrefix { get; init; }

    /// <summary>ONNX Runtime's intra-op thread count, at least 0; 0 lets ONNX Runtime decide. Default 0.</summary>
    public int IntraOpThreads { get; init; }

    internal void Validate()
    {
        if (MaxLength is < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxLength), MaxLength, "MaxLength must be at least 2 ([CLS] and [SEP]).");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfNegative(IntraOpThreads, nameof(IntraOpThreads));
        if (Pooling is { } pooling && !Enum.IsDefined(pooling))
        {
            throw new ArgumentOutOfRangeException(nameof(Pooling), Pooling, "Unknown pooling mode.");
        }
    }
}
