using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Splade.Core;
using Splade.Encoding.Onnx;
using Splade.Encoding.Splade;
using Splade.Encoding.Tokenization;

namespace Splade.Encoding;

/// <summary>
/// Encodes text into SPLADE sparse vectors with a masked-language model exported to ONNX.
/// </summary>
/// <remarks>
/// <para>
/// A SPLADE vector weighs every vocabulary term <c>j</c> by <c>POOL_i log(1 + relu(logit_ij))</c> over the text's tokens <c>i</c>:
/// the model's masked-LM logits say which terms each token evokes, ReLU and the logarithm keep a few hundred positive weights, and
/// pooling (max or sum) merges the tokens into one vector over the vocabulary.
/// </para>
/// <para>
/// <see cref="Load"/> reads a Hugging Face style folder: <c>config.json</c>, the tokenizer files and <c>onnx/model.onnx</c> (or
/// <c>model.onnx</c>). Both kinds of export work: raw logits <c>[batch, sequence, vocabulary]</c>, pooled here, and a graph that
/// pools itself, <c>[batch, vocabulary]</c>. <see cref="EncodeBatch"/> sorts texts by length, pads each batch only to its longest
/// text, splits a batch whose logits would outgrow <see cref="SpladeEncoderOptions.MaxLogitsBufferBytes"/>, and returns the vectors
/// in input order. Dispose the encoder to release the ONNX Runtime session.
/// </para>
/// <para>
/// The <c>Async</c> methods run the same work on the thread pool and honour cancellation before it starts, between texts while they
/// are tokenized, between batches, and inside the running batch (ONNX Runtime is asked to stop). With a logger
/// (<see cref="Load(string, SpladeEncoderOptions?, ILogger?)"/>), the encoder logs its model load (event 1001, Information) and each
/// batch call (1002, Debug; 1003 when cancelled).
/// </para>
/// <para>Thread safety: every member may be called from any thread at the same time; concurrent calls share one ONNX Runtime
/// session and keep their own buffers. Dispose only once no call is running.</para>
/// </remarks>
public sealed class SpladeEncoder : IDisposable
{
    private readonly SpladeModel _model;
    private readonly QueryBagEncoder _queryBag;
    private readonly ILogger _logger;
    private bool _disposed;

    private readonly SpladeFolderSettings _settings;

    /// <summary>The query network of an asymmetric model (splade_config.json <c>query_model</c>), or null.</summary>
    private readonly SpladeEncoder? _queryEncoder;

    private SpladeEncoder(
        SpladeModel model,
        WordPieceTokenizer tokenizer,
        SpladeEncoderOptions options,
        int maxLength,
        QueryBagEncoder queryBag,
        SpladeFolderSettings settings,
        SpladeEncoder? queryEncoder,
        ILogger logger)
    {
        _model = model;
        _settings = settings;
        _queryEncoder = queryEncoder;
        _logger = logger;
        Tokenizer = tokenizer;
        Options = options;
        MaxLength = maxLength;
        _queryBag = queryBag;
    }

    /// <summary>The tokenizer read from the model folder.</summary>
    public WordPieceTokenizer Tokenizer { get; }

    /// <summary>The settings in use, with <see cref="SpladeEncoderOptions.QueryTopK"/> and <see cref="SpladeEncoderOptions.SpecialTokens"/>
    /// resolved from the model folder when not given.</summary>
    public SpladeEncoderOptions Options { get; }

    /// <summary>The number of vocabulary terms: every vector's <see cref="SparseVector.Dimension"/>.</summary>
    public int VocabularySize => _model.VocabularySize;

    /// <summary>The longest token sequence fed to the model, special tokens included.</summary>
    public int MaxLength { get; }

    /// <summary>Loads a model folder.</summary>
    /// <param name="modelFolder">The folder with <c>config.json</c>, tokenizer files and the ONNX export.</param>
    /// <param name="options">Settings; null for the defaults.</param>
    /// <param name="logger">Receives the model load (event 1001) and each batch call (1002, 1003); null for none.</param>
    /// <exception cref="ModelLoadException">A file is missing or invalid, the graph's inputs or outputs are unexpected, or the vocabulary sizes
    /// disagree.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static SpladeEncoder Load(string modelFolder, SpladeEncoderOptions? options = null, ILogger? logger = null)
    {
        logger ??= NullLogger.Instance;
        options ??= new SpladeEncoderOptions();
        options.Validate();
        var folder = ModelFolder.Open(modelFolder, options.OnnxFile);
        var tokenizer = LoadTokenizer(folder);
        if (tokenizer.VocabularySize != folder.Config.VocabularySize)
        {
            throw new ModelLoadException(
                $"{folder.Path}: the tokenizer has {tokenizer.VocabularySize} terms but config.json says vocab_size {folder.Config.VocabularySize}.")
            { FilePath = folder.File("config.json") };
        }

        var settings = SpladeFolderSettings.Read(folder);
        var requested = options;
        options = options with
        {
            QueryTopK = options.QueryTopK ?? settings.QueryTopK,
            SpecialTokens = options.SpecialTokens ?? settings.SpecialTokens ?? SpecialTokenPolicy.Keep,
            QueryEncoding = options.QueryEncoding == QueryEncoding.Model && settings.QueryEncoding is { } folderEncoding
                ? folderEncoding
                : options.QueryEncoding,
        };
        var queryBag = QueryBagEncoder.Create(options, folder, tokenizer);
        var maxLength = Math.Min(options.MaxLength ?? settings.MaxLength ?? folder.Config.MaxPositions, folder.Config.MaxPositions);
        int[] specialIds = [.. tokenizer.SpecialTokenIds];
        var queryEncoder = settings.QueryModel is { } queryModel ? LoadQueryModel(folder, queryModel, requested, logger) : null;
        try
        {
            var model = SpladeModel.Load(folder, options, specialIds, tokenizer.PadId);
            EncoderLog.SpladeModelLoaded(logger, folder.Path, model.VocabularySize, maxLength, model.Graph.OutputKind, options.SpecialTokens);
            return new SpladeEncoder(model, tokenizer, options, maxLength, queryBag, settings, queryEncoder, logger);
        }
        catch
        {
            queryEncoder?.Dispose();
            throw;
        }
    }

    /// <summary>Loads an asymmetric model's query network from its subfolder, with the caller's options.</summary>
    private static SpladeEncoder LoadQueryModel(ModelFolder folder, string subfolder, SpladeEncoderOptions options, ILogger logger)
    {
        var path = Path.Combine(folder.Path, subfolder);
        var settingsPath = folder.File(SpladeFolderSettings.FileName);
        if (!Directory.Exists(path))
        {
            throw new ModelLoadException($"{settingsPath}: query_model names {path}, which does not exist.") { FilePath = path };
        }

        var queryEncoder = Load(path, options with { QueryEncoding = QueryEncoding.Model, OnnxFile = null }, logger);
        if (queryEncoder._queryEncoder is not null || queryEncoder.VocabularySize != folder.Config.VocabularySize)
        {
            var problem = queryEncoder._queryEncoder is not null
                ? "has a query_model of its own"
                : $"has {queryEncoder.VocabularySize} terms but the document model has {folder.Config.VocabularySize}";
            queryEncoder.Dispose();
            throw new ModelLoadException($"{settingsPath}: the query model {path} {problem}.") { FilePath = path };
        }

        return queryEncoder;
    }

    /// <summary>Loads the SPLADE model that ships with Splade.NET (<see cref="ModelLocator.DefaultModelName"/>).</summary>
    /// <param name="options">Settings; null for the defaults.</param>
    /// <exception cref="ModelLoadException">The shipped model could not be unpacked or loaded.</exception>
    public static SpladeEncoder LoadDefault(SpladeEncoderOptions? options = null) => Load(ModelLocator.DefaultModelFolder(), options);

    /// <summary>Encodes one text (a document, or a query when queries use the model).</summary>
    /// <param name="text">The text; empty or blank text gives the model's vector of <c>[CLS] [SEP]</c>.</param>
    /// <param name="cancellationToken">Stops the inference.</param>
    /// <exception cref="ArgumentException">The text has an unpaired surrogate; the message gives its position.</exception>
    public SparseVector Encode(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        return EncodeBatch([text], cancellationToken)[0];
    }

    /// <summary>Encodes texts in length-sorted batches of <see cref="SpladeEncoderOptions.BatchSize"/>.</summary>
    /// <param name="texts">The texts.</param>
    /// <param name="cancellationToken">Stops between and inside batches.</param>
    /// <returns>One vector per text, in input order.</returns>
    /// <exception cref="ArgumentException">A text is null or has an unpaired surrogate; the message gives the text's index and the position.</exception>
    public IReadOnlyList<SparseVector> EncodeBatch(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
        => EncodeTexts(texts, _settings.DocumentPrefix, cancellationToken);

    private SparseVector[] EncodeTexts(IReadOnlyList<string> texts, string? prefix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var sequences = new List<int[]>(texts.Count);
            var owners = new List<int>(texts.Count);
            for (var i = 0; i < texts.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                AddSequences(texts, prefix, i, sequences, owners);
            }

            var vectors = _model.Encode(sequences, owners, texts.Count, cancellationToken);
            var elapsed = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            EncoderLog.SpladeBatchEncoded(_logger, texts.Count, sequences.Count, elapsed);

            return vectors;
        }
        catch (OperationCanceledException)
        {
            EncoderLog.SpladeEncodingCancelled(_logger, texts.Count);
            throw;
        }
    }

    /// <summary>Encodes one text, as <see cref="Encode"/> does, on the thread pool.</summary>
    /// <param name="text">The text.</param>
    /// <param name="cancellationToken">Stops the work before it starts and inside the inference.</param>
    /// <exception cref="ArgumentException">The text has an unpaired surrogate; the message gives its position.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public Task<SparseVector> EncodeAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Task.Run(() => Encode(text, cancellationToken), cancellationToken);
    }

    /// <summary>Encodes texts, as <see cref="EncodeBatch"/> does, on the thread pool.</summary>
    /// <param name="texts">The texts; read while the task runs, so do not change the list until it completes.</param>
    /// <param name="cancellationToken">Stops the work before it starts, between texts, between batches and inside the running batch.</param>
    /// <returns>One vector per text, in input order.</returns>
    /// <exception cref="ArgumentException">A text is null or has an unpaired surrogate.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public Task<IReadOnlyList<SparseVector>> EncodeBatchAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return Task.Run(() => EncodeBatch(texts, cancellationToken), cancellationToken);
    }

    /// <summary>Encodes a query, as <see cref="EncodeQuery"/> does, on the thread pool.</summary>
    /// <param name="text">The query.</param>
    /// <param name="cancellationToken">Stops the work before it starts and inside the inference.</param>
    /// <exception cref="ArgumentException">The text has an unpaired surrogate; the message gives its position.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public Task<SparseVector> EncodeQueryAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Task.Run(() => EncodeQuery(text, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Encodes a query as <see cref="SpladeEncoderOptions.QueryEncoding"/> says: with the model (an asymmetric model's query
    /// network; keeping at most <see cref="SpladeEncoderOptions.QueryTopK"/> terms), or as a bag of its tokens.
    /// </summary>
    /// <param name="text">The query.</param>
    /// <param name="cancellationToken">Stops the inference.</param>
    /// <exception cref="ArgumentException">The text has an unpaired surrogate; the message gives its position.</exception>
    public SparseVector EncodeQuery(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var prefixed = _settings.QueryPrefix is { } prefix ? prefix + text : text;
        if (Options.QueryEncoding != QueryEncoding.Model)
        {
            return _queryBag.Encode(prefixed, MaxLength - 2);
        }

        if (_queryEncoder is not null)
        {
            return _queryEncoder.EncodeQuery(prefixed, cancellationToken);
        }

        var vector = EncodeTexts([prefixed], null, cancellationToken)[0];
        return Options.QueryTopK is { } k && vector.Count > k ? vector.TopK(k) : vector;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _model.Dispose();
            _queryEncoder?.Dispose();
        }
    }

    private void AddSequences(IReadOnlyList<string> texts, string? prefix, int owner, List<int[]> sequences, List<int> owners)
    {
        var text = texts[owner] ?? throw new ArgumentException($"Text {owner} is null.", nameof(texts));
        try
        {
            AddSequences(prefix is null ? text : prefix + text, owner, sequences, owners);
        }
        catch (ArgumentException exception) when (texts.Count > 1)
        {
            throw new ArgumentException($"Text {owner}: {exception.Message}", nameof(texts), exception);
        }
    }

    private void AddSequences(string text, int owner, List<int[]> sequences, List<int> owners)
    {
        if (Options.LongDocuments == LongDocumentMode.Truncate)
        {
            sequences.Add(Tokenizer.Tokenize(text, MaxLength).Ids.ToArray());
            owners.Add(owner);
            return;
        }

        var pieces = Tokenizer.TokenizeToPieceIds(text);
        foreach (var window in SlidingWindows.Split(pieces, MaxLength - 2, Options.Stride, Options.MaxWindows))
        {
            var sequence = new int[window.Length + 2];
            sequence[0] = Tokenizer.ClsId;
            window.Span.CopyTo(sequence.AsSpan(1));
            sequence[^1] = Tokenizer.SepId;
            sequences.Add(sequence);
            owners.Add(owner);
        }
    }

    private static WordPieceTokenizer LoadTokenizer(ModelFolder folder)
    {
        try
        {
            return WordPieceTokenizer.FromModelFolder(folder.Path);
        }
        catch (TokenizerLoadException exception)
        {
            throw new ModelLoadException($"{folder.Path}: the tokenizer cannot be loaded: {exception.Message}", exception) { FilePath = folder.Path };
        }
    }
}
