using Splade.Index;
using Splade.Retrieval.Evaluation;

namespace Splade.Retrieval;

/// <summary>A way of retrieving documents that evaluation can run: index a corpus once, then answer queries.</summary>
/// <remarks>
/// Lexical (BM25, TF-IDF), learned sparse and dense methods all implement this, so the evaluator, the CLI and the
/// results page treat them alike. An instance indexes one corpus; <see cref="Search"/> must be safe to call from
/// several threads once <see cref="Index"/> has returned.
/// <para>Thread safety: implementations must allow concurrent Search calls once Index has returned (above).</para>
/// </remarks>
public interface IRetrievalMethod : IDisposable
{
    /// <summary>A short name for reports, such as <c>bm25</c>.</summary>
    string Name { get; }

    /// <summary>Indexes the corpus; call once, before searching.</summary>
    /// <param name="documents">The documents.</param>
    /// <param name="progress">Receives the number of documents indexed so far; may be null.</param>
    void Index(IReadOnlyList<CorpusDocument> documents, IProgress<int>? progress = null);

    /// <summary>Returns up to <paramref name="k"/> documents for <paramref name="query"/>, best first.</summary>
    /// <param name="query">The query text.</param>
    /// <param name="k">The most documents to return.</param>
    /// <returns>The documents and scores, best first.</returns>
    IReadOnlyList<SearchHit> Search(string query, int k);
}
