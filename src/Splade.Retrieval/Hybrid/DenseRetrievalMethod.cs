using Splade.Core;
using Splade.Encoding.Dense;
using Splade.Index;
using Splade.Retrieval.Evaluation;

namespace Splade.Retrieval.Hybrid;

/// <summary>Dense retrieval for evaluation: documents and queries embedded by a <see cref="DenseEncoder"/>, exact inner-product search.</summary>
/// <remarks>
/// Queries go through <see cref="DenseEncoder.EncodeQuery"/> and documents through
/// <see cref="DenseEncoder.Encode(IReadOnlyList{string})"/>, so a model's query and document prefixes apply.
/// Documents are embedded from their <see cref="CorpusDocument.FullText"/>, through a <see cref="DenseEmbeddingCache"/>
/// when one is given, and searched exhaustively with SIMD dot products (<see cref="InMemoryHybridCorpus"/>). The method
/// owns the encoder and disposes it. <see cref="Search(string, int)"/> is thread-safe after <see cref="Index"/>.
/// <para>Thread safety: call Index once, from one thread; after it returns, Search may be called from any number of threads at once. Dispose once no call is
/// running.</para>
/// </remarks>
public sealed class DenseRetrievalMethod : IRetrievalMethod
{
    private readonly DenseEncoder _encoder;
    private readonly DenseEmbeddingCache? _cache;
    private InMemoryHybridCorpus? _corpus;

    /// <summary>Creates the method; it takes ownership of <paramref name="encoder"/>.</summary>
    /// <param name="encoder">The dense encoder.</param>
    /// <param name="cache">Where document embeddings are cached; null to always encode.</param>
    public DenseRetrievalMethod(DenseEncoder encoder, DenseEmbeddingCache? cache = null)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        _encoder = encoder;
        _cache = cache;
    }

    /// <inheritdoc />
    /// <remarks><c>dense/</c> and the model name.</remarks>
    public string Name => "dense/" + _encoder.ModelName;

    /// <summary>The indexed documents, with empty sparse vectors; null before <see cref="Index"/>.</summary>
    internal InMemoryHybridCorpus? Corpus => _corpus;

    /// <inheritdoc />
    public void Index(IReadOnlyList<CorpusDocument> documents, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(documents);
        if (_corpus is not null)
        {
            throw new InvalidOperationException("This method has already indexed a corpus; create a new one for another corpus.");
        }

        var ids = new string[documents.Count];
        var texts = new string[documents.Count];
        for (var i = 0; i < documents.Count; i++)
        {
            ids[i] = documents[i].Id;
            texts[i] = documents[i].FullText;
        }

        var dimension = _encoder.Dimension;
        var matrix = _cache is null ? EncodeAll(texts, progress) : _cache.GetOrEncode(_encoder, ids, texts, progress);
        var corpus = new InMemoryHybridCorpus(dimension);
        for (var i = 0; i < ids.Length; i++)
        {
            corpus.Add(ids[i], SparseVector.Empty, matrix.AsSpan(i * dimension, dimension));
        }

        _corpus = corpus;
    }

    /// <summary>Embeds a query (with the model's query prefix, if it has one).</summary>
    /// <param name="query">The query text.</param>
    public float[] EncodeQuery(string query) => _encoder.EncodeQuery(query);

    /// <inheritdoc />
    public IReadOnlyList<SearchHit> Search(string query, int k) => Search(EncodeQuery(query), k);

    /// <summary>Searches with an already embedded query.</summary>
    /// <param name="query">The query embedding.</param>
    /// <param name="k">The most documents to return.</param>
    public IReadOnlyList<SearchHit> Search(ReadOnlySpan<float> query, int k)
    {
        var corpus = RequireCorpus();
        DenseVectorGuard.RequireUsableQuery(query, corpus.DenseDimension, nameof(query));
        return corpus.SearchDense(query, Math.Min(k, Math.Max(1, corpus.Count)), filter: null);
    }

    /// <summary>The stored embedding of document <paramref name="id"/>.</summary>
    /// <param name="id">The document id.</param>
    /// <exception cref="KeyNotFoundException">No document has that id.</exception>
    public ReadOnlyMemory<float> GetDense(string id) => RequireCorpus().GetDense(id)!.Value;

    /// <inheritdoc />
    public void Dispose() => _encoder.Dispose();

    private float[] EncodeAll(string[] texts, IProgress<int>? progress)
    {
        var vectors = _encoder.Encode(texts);
        var matrix = new float[texts.Length * _encoder.Dimension];
        for (var i = 0; i < vectors.Length; i++)
        {
            vectors[i].CopyTo(matrix.AsSpan(i * _encoder.Dimension));
        }

        progress?.Report(texts.Length);
        return matrix;
    }

    private InMemoryHybridCorpus RequireCorpus() => _corpus ?? throw new InvalidOperationException("Index a corpus before searching.");
}
