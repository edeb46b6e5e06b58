using Splade.Core;
using Splade.Index;
using Splade.Retrieval.Evaluation;

namespace Splade.Retrieval.Lexical;

/// <summary>BM25 or TF-IDF retrieval running on the sparse index engine.</summary>
/// <remarks>
/// <para>Lexical scores are sparse dot products: indexing analyzes each document into terms, maps the terms to ids
/// with a <see cref="TermVocabulary"/> built from the corpus, weighs each term (see <see cref="LexicalScoring"/>) and
/// stores the weights as a <see cref="SparseVector"/> in a <see cref="SparseIndex"/>; a query becomes a vector of
/// IDF-weighted term frequencies, and the engine's top-k search does the rest. BM25 therefore shares the engine's
/// storage, filters and speed with learned sparse retrieval.</para>
/// <para>Collection statistics (document frequencies, average length) come from the whole corpus, so
/// <see cref="Index"/> analyzes every document (in parallel) before it writes any vector. Query terms absent from the corpus are
/// ignored.</para>
/// <para>Thread safety: call Index once, from one thread; after it returns, Search may be called from any number of threads at once. Dispose once no call is
/// running.</para>
/// </remarks>
public sealed class LexicalRetriever : IRetrievalMethod
{
    private readonly LexicalOptions _options;
    private readonly IndexOptions? _indexOptions;
    private readonly TermVocabulary _terms = new();
    private SparseIndex? _index;
    private LexicalWeights? _weights;

    /// <summary>Creates a retriever that has indexed nothing yet.</summary>
    /// <param name="options">Analysis and weighting; defaults (English, BM25 k1=0.9 b=0.4) when null.</param>
    /// <param name="indexOptions">Options of the in-memory index; the engine's defaults when null.</param>
    public LexicalRetriever(LexicalOptions? options = null, IndexOptions? indexOptions = null)
    {
        _options = options ?? new LexicalOptions();
        _options.Validate();
        _indexOptions = indexOptions;
    }

    /// <inheritdoc />
    /// <remarks>The scoring and the analyzer, such as <c>bm25/english</c> or <c>tfidf/wordpiece</c>.</remarks>
    public string Name => (_options.Scoring == LexicalScoring.Bm25 ? "bm25/" : "tfidf/") + _options.Analyzer.Name;

    /// <summary>The term dictionary built from the indexed corpus.</summary>
    internal TermVocabulary Terms => _terms;

    /// <inheritdoc />
    public void Index(IReadOnlyList<CorpusDocument> documents, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(documents);
        if (_index is not null)
        {
            throw new InvalidOperationException("This retriever has already indexed a corpus; create a new one for another corpus.");
        }

        var counts = CorpusAnalysis.Analyze(documents, _options.Analyzer, _terms, progress);
        long totalLength = 0;
        foreach (var document in counts)
        {
            totalLength += document.Length;
        }

        var documentFrequencies = new int[_terms.Count];
        foreach (var document in counts)
        {
            foreach (var id in document.Ids)
            {
                documentFrequencies[id]++;
            }
        }

        _weights = new LexicalWeights(_options, documentFrequencies, documents.Count, totalLength);
        var index = SparseIndex.CreateInMemory(_indexOptions);
        var vectors = new List<IndexDocument>(documents.Count);
        for (var i = 0; i < documents.Count; i++)
        {
            var document = counts[i];
            if (document.Ids.Length > 0)
            {
                var values = new float[document.Ids.Length];
                _weights.WeighDocument(document, values);
                vectors.Add(new IndexDocument(documents[i].Id, SparseVector.Wrap(document.Ids, values)));
            }
        }

        // One batch builds one segment, which the flush persists as it is; smaller batches would be merged (copied) again.
        index.Upsert(vectors);
        index.Flush();
        _index = index;
    }

    /// <summary>The query vector for <paramref name="query"/>: weights of the query's terms known to the corpus.</summary>
    /// <param name="query">The query text.</param>
    /// <returns>The vector; empty when no query term occurs in the corpus.</returns>
    public SparseVector EncodeQuery(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var weights = _weights ?? throw new InvalidOperationException("Index a corpus before searching.");
        var counts = TermCounts.FromKnownTerms(query, _options.Analyzer, _terms, []);
        var ids = new List<uint>(counts.Ids.Length);
        var values = new List<float>(counts.Ids.Length);
        for (var i = 0; i < counts.Ids.Length; i++)
        {
            var weight = weights.WeighQueryTerm(counts.Ids[i], counts.Counts[i]);
            if (weight > 0)
            {
                ids.Add(counts.Ids[i]);
                values.Add(weight);
            }
        }

        return SparseVector.Wrap([.. ids], [.. values]);
    }

    /// <inheritdoc />
    public IReadOnlyList<SearchHit> Search(string query, int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var vector = EncodeQuery(query);
        if (vector.Count == 0)
        {
            return [];
        }

        return _index!.Search(vector, new SearchOptions { K = k }).Hits;
    }

    /// <inheritdoc />
    public void Dispose() => _index?.Dispose();
}
