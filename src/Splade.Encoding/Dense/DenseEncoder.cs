using Splade.Encoding.Onnx;
using Splade.Encoding.Tokenization;

namespace Splade.Encoding.Dense;

/// <summary>Encodes text into dense sentence embeddings with a BERT-family ONNX model.</summary>
/// <remarks>
/// <para>A text is tokenized with the project's <see cref="WordPieceTokenizer"/> ([CLS] ... [SEP], truncated to
/// <see cref="MaxLength"/>), run through the encoder, pooled over its real tokens (mean or [CLS], see
/// <see cref="DensePooling"/>) and, by default, scaled to unit L2 norm so that inner product is cosine similarity.</para>
/// <para>Queries and documents may differ: a model trained with a query instruction (snowflake-arctic-embed's
/// "Represent this sentence for searching relevant passages: ") gets it before every text given to
/// <see cref="EncodeQuery"/> and <see cref="EncodeQueries"/>, and <see cref="DocumentPrefix"/> before every text given to
/// <see cref="Encode(string)"/> and <see cref="Encode(IReadOnlyList{string})"/>. The prefix is part of the text, so it
/// counts towards <see cref="MaxLength"/>.</para>
/// <para>Models come from a sentence-transformers folder exported to ONNX (<see cref="FromModelFolder"/>) or from memory
/// (<see cref="Create"/>): the embedded models of the Splade.Models.Dense package (all-MiniLM-L6-v2,
/// snowflake-arctic-embed-xs) are loaded by name through its <c>DenseModels</c> registry.</para>
/// <para>Batches are length-sorted and padded only to their longest text, so a batch of short queries stays cheap;
/// results come back in input order. Dispose the encoder to release the ONNX Runtime session.</para>
/// <para>The <c>Async</c> methods run the same work on the thread pool and honour cancellation before it starts, between batches
/// and inside the running batch.</para>
/// <para>Thread safety: every member may be called from any thread at the same time; concurrent calls share one ONNX Runtime
/// session. Dispose only once no call is running.</para>
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
        QueryPrefix = options.QueryPrefix ?? source.QueryPrefix;
        DocumentPrefix = options.DocumentPrefix ?? source.DocumentPrefix;
        _model = DenseOnnxModel.Open(source.OpenSession(options.IntraOpThreads), source.OnnxSource, _tokenizer.PadId, _tokenizer.ClsId);
        Dimension = _model.HiddenSize;
    }

    /// <summary>The model's name: the definition's name, or the folder name for a model folder.</summary>
    public string ModelName { get; }

    /// <summary>The number of values in each embedding.</summary>
    public int Dimension { get; }

    /// <summary>The pooling mode in use.</summary>
    public DensePooling Pooling { get; }

    /// <summary>The most tokens per text, [CLS] and [SEP] included; longer texts are truncated.</summary>
    public int MaxLength { get; }

    /// <summary>The text put before every query; empty for none.</summary>
    public string QueryPrefix { get; }

    /// <summary>The text put before every document; empty for none.</summary>
    public string DocumentPrefix { get; }

    /// <summary>Creates an encoder for a model held in memory.</summary>
    /// <param name="definition">The model: ONNX bytes, tokenizer, pooling, token limit and prefixes.</param>
    /// <param name="options">Encoder knobs; null for the defaults. Set options override the definition's pooling,
    /// token limit and prefixes.</param>
    /// <exception cref="ModelLoadException">ONNX Runtime cannot load the graph, or its inputs and outputs are not a BERT encoder's.</exception>
    public static DenseEncoder Create(DenseModelDefinition definition, DenseEncoderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        definition.Validate();
        options ??= new DenseEncoderOptions();
        options.Validate();
        var onnx = definition.OnnxModel;
        var source = new DenseModelSource(
            definition.Name,
            definition.OnnxSource,
            threads => OnnxSessionFactory.Create(onnx, definition.OnnxSource, threads),
            definition.Tokenizer,
            options.Pooling ?? definition.Pooling,
            options.MaxLength ?? definition.MaxLength,
            definition.QueryPrefix,
            definition.DocumentPrefix);
        return new DenseEncoder(source, options);
    }

    /// <summary>Loads a sentence-transformers model folder exported to ONNX.</summary>
    /// <param name="folder">The folder: <c>onnx/model.onnx</c> or <c>model.onnx</c>, tokenizer files, <c>config.json</c>,
    /// <c>1_Pooling/config.json</c> unless <see cref="DenseEncoderOptions.Pooling"/> is set, and optionally
    /// <c>config_sentence_transformers.json</c>, whose <c>query</c> and <c>document</c> (or <c>passage</c>) prompts become the
    /// query and document prefixes.</param>
    /// <param name="options">Encoder knobs; null for the defaults.</param>
    /// <exception cref="ModelLoadException">A file is missing or malformed; the message names it.</exception>
    public static DenseEncoder FromModelFolder(string folder, DenseEncoderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        options ??= new DenseEncoderOptions();
        options.Validate();
        return new DenseEncoder(DenseModelFolder.Load(folder, options), options);
    }

    /// <summary>Encodes one document (or any text that is not a query), after <see cref="DocumentPrefix"/>.</summary>
    /// <param name="text">The text; empty text encodes [CLS] (prefix) [SEP].</param>
    /// <returns>A new vector of <see cref="Dimension"/> values.</returns>
    public float[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return EncodeOne(DocumentPrefix, text);
    }

    /// <summary>Encodes many documents in length-sorted batches of <see cref="DenseEncoderOptions.BatchSize"/>, each after
    /// <see cref="DocumentPrefix"/>.</summary>
    /// <param name="texts">The texts.</param>
    /// <returns>One vector per text, in input order.</returns>
    /// <exception cref="ArgumentException">A text is null; the message gives its position.</exception>
    public float[][] Encode(IReadOnlyList<string> texts) => EncodeMany(DocumentPrefix, texts);

    /// <summary>Encodes one query, after <see cref="QueryPrefix"/>.</summary>
    /// <param name="query">The query text.</param>
    /// <returns>A new vector of <see cref="Dimension"/> values.</returns>
    public float[] EncodeQuery(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return EncodeOne(QueryPrefix, query);
    }

    /// <summary>Encodes many queries in length-sorted batches, each after <see cref="QueryPrefix"/>.</summary>
    /// <param name="queries">The query texts.</param>
    /// <returns>One vector per query, in input order.</returns>
    /// <exception cref="ArgumentException">A query is null; the message gives its position.</exception>
    public float[][] EncodeQueries(IReadOnlyList<string> queries) => EncodeMany(QueryPrefix, queries);

    /// <summary>Encodes one document, as <see cref="Encode(string)"/> does, on the thread pool.</summary>
    /// <param name="text">The text.</param>
    /// <param name="cancellationToken">Stops the work before it starts and inside the inference.</param>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public Task<float[]> EncodeAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Task.Run(() => EncodeMany(DocumentPrefix, [text], cancellationToken)[0], cancellationToken);
    }

    /// <summary>Encodes many documents, as <see cref="Encode(IReadOnlyList{string})"/> does, on the thread pool.</summary>
    /// <param name="texts">The texts; read while the task runs.</param>
    /// <param name="cancellationToken">Stops the work before it starts, between batches and inside the running batch.</param>
    /// <exception cref="ArgumentException">A text is null; the message gives its position.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public Task<float[][]> EncodeBatchAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return Task.Run(() => EncodeMany(DocumentPrefix, texts, cancellationToken), cancellationToken);
    }

    /// <summary>Encodes one query, as <see cref="EncodeQuery"/> does, on the thread pool.</summary>
    /// <param name="query">The query text.</param>
    /// <param name="cancellationToken">Stops the work before it starts and inside the inference.</param>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public Task<float[]> EncodeQueryAsync(string query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Task.Run(() => EncodeMany(QueryPrefix, [query], cancellationToken)[0], cancellationToken);
    }

    /// <summary>Encodes many queries, as <see cref="EncodeQueries"/> does, on the thread pool.</summary>
    /// <param name="queries">The query texts; read while the task runs.</param>
    /// <param name="cancellationToken">Stops the work before it starts, between batches and inside the running batch.</param>
    /// <exception cref="ArgumentException">A query is null; the message gives its position.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public Task<float[][]> EncodeQueriesAsync(IReadOnlyList<string> queries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queries);
        return Task.Run(() => EncodeMany(QueryPrefix, queries, cancellationToken), cancellationToken);
    }

    /// <summary>The number of tokens <paramref name="text"/> becomes as a document (after <see cref="DocumentPrefix"/>),
    /// [CLS] and [SEP] included, after truncation to <see cref="MaxLength"/>.</summary>
    /// <param name="text">The text.</param>
    public int CountTokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return _tokenizer.Tokenize(DocumentPrefix + text, MaxLength).Length;
    }

    /// <summary>The number of tokens <paramref name="query"/> becomes as a query (after <see cref="QueryPrefix"/>),
    /// [CLS] and [SEP] included, after truncation to <see cref="MaxLength"/>.</summary>
    /// <param name="query">The query text.</param>
    public int CountQueryTokens(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return _tokenizer.Tokenize(QueryPrefix + query, MaxLength).Length;
    }

    /// <inheritdoc />
    public void Dispose() => _model.Dispose();

    private float[] EncodeOne(string prefix, string text)
    {
        var vector = new float[Dimension];
        _model.Encode([Tokenize(prefix, text)], 1, Pooling, _normalize, [vector]);
        return vector;
    }

    private float[][] EncodeMany(string prefix, IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var ids = new int[texts.Count][];
        var vectors = new float[texts.Count][];
        for (var i = 0; i < texts.Count; i++)
        {
            ids[i] = Tokenize(prefix, texts[i] ?? throw new ArgumentException($"texts[{i}] is null.", nameof(texts)));
            vectors[i] = new float[Dimension];
        }

        _model.Encode(ids, _batchSize, Pooling, _normalize, vectors, cancellationToken);
        return vectors;
    }

    private int[] Tokenize(string prefix, string text) => _tokenizer.Tokenize(prefix.Length == 0 ? text : prefix + text, MaxLength).Ids.ToArray();
}
