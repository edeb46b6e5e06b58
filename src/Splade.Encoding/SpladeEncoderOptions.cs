namespace Splade.Encoding;

/// <summary>Settings of a <see cref="SpladeEncoder"/>; every property has a default that matches the reference SPLADE encoder.</summary>
/// <remarks>
/// <para><see cref="Pooling"/>, <see cref="SpecialTokens"/> and <see cref="MaxLength"/> decide the vector; <see cref="TopK"/> and
/// <see cref="MinimumWeight"/> prune it afterwards; <see cref="BatchSize"/>, <see cref="IntraOpThreads"/> and
/// <see cref="MaxLogitsBufferBytes"/> trade speed for memory and never change the result.</para>
/// <para>Thread safety: immutable (init-only properties), so one instance may be shared by any number of threads; a collection or object it refers to is not
/// copied, so leave that unchanged while the options are in use.</para>
/// </remarks>
public sealed record SpladeEncoderOptions
{
    /// <summary>Max (default) or sum pooling over the tokens.</summary>
    /// <remarks>A graph that pools inside itself (output <c>[batch, vocabulary]</c>) decides its own pooling; this setting then only merges sliding
    /// windows.</remarks>
    public SpladePooling Pooling { get; init; } = SpladePooling.Max;

    /// <summary>What to do with special tokens such as <c>[CLS]</c> and <c>[SEP]</c>; null for what the model folder says.</summary>
    /// <remarks>Null takes the model folder's <c>splade_config.json</c> <c>special_tokens</c> when it has one (the shipped model's says
    /// <c>"zero_vocabulary_entries"</c>, so its vectors never carry a special token), else <see cref="SpecialTokenPolicy.Keep"/>, as
    /// the reference implementations do. <see cref="SpladeEncoder.Options"/> shows the resolved policy.</remarks>
    public SpecialTokenPolicy? SpecialTokens { get; init; }

    /// <summary>The longest token sequence fed to the model, special tokens included; null for the model's own limit (usually 512).</summary>
    public int? MaxLength { get; init; }

    /// <summary>Truncate long texts (default) or encode them in sliding windows.</summary>
    public LongDocumentMode LongDocuments { get; init; } = LongDocumentMode.Truncate;

    /// <summary>How many tokens each sliding window moves forward; null for half a window.</summary>
    public int? Stride { get; init; }

    /// <summary>The most windows one text is split into; later tokens are ignored. Bounds the time a huge text takes.</summary>
    public int MaxWindows { get; init; } = 16;

    /// <summary>Keeps only the <c>k</c> heaviest terms; null keeps all.</summary>
    public int? TopK { get; init; }

    /// <summary>Drops terms whose weight is below this; 0 keeps every non-zero term.</summary>
    public float MinimumWeight { get; init; }

    /// <summary>Keeps only the <c>k</c> heaviest terms of a query vector from <see cref="SpladeEncoder.EncodeQuery"/>.</summary>
    /// <remarks>Null takes the model folder's <c>splade_config.json</c> <c>query_top_k</c> when it has one, else keeps every term;
    /// a value at least the vocabulary size keeps every term whatever the folder says.</remarks>
    public int? QueryTopK { get; init; }

    /// <summary>How <see cref="SpladeEncoder.EncodeQuery"/> encodes queries; <see cref="QueryEncoding.Model"/> by default.</summary>
    public QueryEncoding QueryEncoding { get; init; } = QueryEncoding.Model;

    /// <summary>The <c>idf.json</c> file for <see cref="QueryEncoding.Idf"/>; null for <c>idf.json</c> in the model folder.</summary>
    public string? IdfPath { get; init; }

    /// <summary>The ONNX file relative to the model folder; null for <c>onnx/model.onnx</c>, then <c>model.onnx</c>.</summary>
    public string? OnnxFile { get; init; }

    /// <summary>How many texts go through the model together.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Threads ONNX Runtime uses inside one operator; 0 lets it choose.</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>The largest logits buffer (batch x sequence x vocabulary floats) held at once; larger batches are split.</summary>
    public long MaxLogitsBufferBytes { get; init; } = 128L * 1024 * 1024;

    internal void Validate()
    {
        if (MaxLength is { } maxLength)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 2, nameof(MaxLength));
        }

        if (Stride is { } stride)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1, nameof(Stride));
        }

        if (TopK is { } topK)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(topK, nameof(TopK));
        }

        if (QueryTopK is { } queryTopK)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(queryTopK, 1, nameof(QueryTopK));
        }

        if (!float.IsFinite(MinimumWeight) || MinimumWeight < 0f)
        {
            throw new ArgumentOutOfRangeException(nameof(MinimumWeight), MinimumWeight, "The minimum weight must be a finite number >= 0.");
        }

        if (SpecialTokens is { } specialTokens && !Enum.IsDefined(specialTokens))
        {
            throw new ArgumentOutOfRangeException(nameof(SpecialTokens), specialTokens, "Unknown special-token policy.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxWindows, 1, nameof(MaxWindows));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfNegative(IntraOpThreads, nameof(IntraOpThreads));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxLogitsBufferBytes, 1L, nameof(MaxLogitsBufferBytes));
    }
}
