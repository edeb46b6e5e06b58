using Lucene.Net.Analysis;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Splade.Index;
using Splade.Retrieval;
using Splade.Retrieval.Evaluation;

namespace Splade.Bench.Bm25;

/// <summary>The peer: Lucene.Net 4.8 with EnglishAnalyzer and BM25Similarity, in a RAM directory.</summary>
/// <remarks>Queries are a BooleanQuery of SHOULD TermQuerys over the analyzed query terms (no query parser).
/// Document ids come back through a numeric doc-values ordinal, the cheap lookup a Lucene application would use.</remarks>
internal sealed class LuceneBm25Method(float k1, float b) : IRetrievalMethod
{
    private const string Body = "body";
    private const string Ordinal = "ordinal";
    private static readonly LuceneVersion Version = LuceneVersion.LUCENE_48;

    private readonly Analyzer _analyzer = new EnglishAnalyzer(Version);
    private readonly RAMDirectory _directory = new();
    private DirectoryReader? _reader;
    private IndexSearcher? _searcher;
    private NumericDocValues? _ordinals;
    private string[] _ids = [];

    public string Name => "lucene-bm25/english";

    public void Index(IReadOnlyList<CorpusDocument> documents, IProgress<int>? progress = null)
    {
        var config = new IndexWriterConfig(Version, _analyzer) { Similarity = new BM25Similarity(k1, b), OpenMode = OpenMode.CREATE };
        using (var writer = new IndexWriter(_directory, config))
        {
            var body = new TextField(Body, string.Empty, Field.Store.NO);
            var ordinal = new NumericDocValuesField(Ordinal, 0);
            var document = new Document { body, ordinal };
            for (var i = 0; i < documents.Count; i++)
            {
                body.SetStringValue(documents[i].FullText);
                ordinal.SetInt64Value(i);
                writer.AddDocument(document);
            }

            writer.Commit();
        }

        _ids = documents.Select(d => d.Id).ToArray();
        _reader = DirectoryReader.Open(_directory);
        _searcher = new IndexSearcher(_reader) { Similarity = new BM25Similarity(k1, b) };
        _ordinals = MultiDocValues.GetNumericValues(_reader, Ordinal);
        BooleanQuery.MaxClauseCount = int.MaxValue;
    }

    public IReadOnlyList<SearchHit> Search(string query, int k)
    {
        var boolean = new BooleanQuery();
        using (var stream = _analyzer.GetTokenStream(Body, query))
        {
            var term = stream.AddAttribute<ICharTermAttribute>();
            stream.Reset();
            while (stream.IncrementToken())
            {
                boolean.Add(new TermQuery(new Term(Body, term.ToString())), Occur.SHOULD);
            }

            stream.End();
        }

        if (boolean.Clauses.Count == 0)
        {
            return [];
        }

        var top = _searcher!.Search(boolean, k);
        var results = new SearchHit[top.ScoreDocs.Length];
        for (var i = 0; i < results.Length; i++)
        {
            var hit = top.ScoreDocs[i];
            results[i] = new SearchHit(_ids[_ordinals!.Get(hit.Doc)], hit.Score);
        }

        return results;
    }

    public void Dispose()
    {
        _reader?.Dispose();
        _directory.Dispose();
        _analyzer.Dispose();
    }
}
