using Splade.Core;
using Splade.Encoding;
using Splade.Index;
using Splade.Retrieval.Evaluation;

namespace Splade.Retrieval.Learned;

/// <summary>Learned sparse retrieval: SPLADE vectors of the documents in the sparse index, searched with the query's vector.</summary>
/// <remarks>
/// Documents are encoded in batches of <see cref="EncodeBatchSize"/> (the encoder sorts each batch by length) and upserted
/// into an in-memory <see cref="SparseIndex"/>; a query is encoded with <see cref="SpladeEncoder.EncodeQuery"/>, so
/// inference-free query modes configured on the encoder apply. The retriever owns the encoder and disposes it.
/// <para>Thread safety: call Index once, from one thread; after it returns, Search may be called from any number of threads at once. Dispose once no call is
/// running.</para>
/// </remarks>
public sealed class SpladeRetriever : IRetrievalMethod, ISparseVectorStatistics
{
    private const int EncodeBatchSize = 64;

    private readonly SpladeEncoder _encoder;
    private readonly IndexOptions? _indexOptions;
    private SparseIndex? _index;
    private long _documentNonZeros;
    private int _documentCount;
    private long _queryNonZeros;
    private int _queryCount;

    /// <summary>Creates a retriever over <paramref name="encoder"/>, which it takes ownership of.</summary>
    /// <param name="encoder">The SPLADE encoder for documents and queries.</param>
    /// <param name="modelName">A short model name for reports.</param>
    /// <param name="indexOptions">Options of the in-memory index; the engine's defaults when null.</param>
    public SpladeRetriever(SpladeEncoder encoder, string modelName, IndexOptions? indexOptions = null)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelName);
        _encoder = encoder;
        _indexOptions = indexOptions;
        Name = "splade/" + modelName;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>The mean number of non-zero terms per indexed document.</summary>
    public double MeanDocumentNonZeros => _documentCount == 0 ? 0 : (double)_documentNonZeros / _documentCount;

    /// <summary>The mean number of non-zero terms per query encoded so far.</summary>
    public double MeanQueryNonZeros
    {
        get
        {
            var count = Volatile.Read(ref _queryCount);
            return count == 0 ? 0 : (double)Interlocked.Read(ref _queryNonZeros) / count;
        }
    }

    /// <inheritdoc />
    public void Index(IReadOnlyList<CorpusDocument> documents, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(documents);
        if (_index is not null)
        {
            throw new InvalidOperationException("This retriever has already indexed a corpus; create a new one for another corpus.");
        }

        var index = SparseIndex.CreateInMemory(_indexOptions);
        var texts = new List<string>(EncodeBatchSize);
        var batch = new List<IndexDocument>(EncodeBatchSize);
        for (var start = 0; start < documents.Count; start += EncodeBatchSize)
        {
            var end = Math.Min(start + EncodeBatchSize, documents.Count);
            texts.Clear();
            for (var i = start; i < end; i++)
            {
                texts.Add(documents[i].FullText);
            }

            var vectors = _encoder.EncodeBatch(texts);
            batch.Clear();
            for (var i = start; i < end; i++)
            {
                var vector = vectors[i - start];
                _documentNonZeros += vector.Count;
                _documentCount++;
                if (vector.Count > 0)
                {
                    batch.Add(new IndexDocument(documents[i].Id, vector));
                }
            }

            index.Upsert(batch);
            progress?.Report(end);
        }

        index.Flush();
        _index = index;
    }

    /// <summary>The query's SPLADE vector.</summary>
    /// <param name="query">The query text.</param>
    /// <returns>The vector.</returns>
    public SparseVector EncodeQuery(string query)
    {
        var vector = _encoder.EncodeQuery(query);
        Interlocked.Add(ref _queryNonZeros, vector.Count);
        Interlocked.Increment(ref _queryCount);
        return vector;
    }

    /// <inheritdoc />
    public IReadOnlyList<SearchHit> Search(string query, int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var index = _index ?? throw new InvalidOperationException("Index a corpus before searching.");
        var vector = EncodeQuery(query);
        if (vector.Count == 0)
        {
            return [];
        }

        return index.Search(vector, new SearchOptions { K = k }).Hits;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _index?.Dispose();
        _encoder.Dispose();
    }
}
