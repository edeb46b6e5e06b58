using System.Globalization;
using Splade.Retrieval.Input;

namespace Splade.Retrieval.Evaluation;

/// <summary>A test collection in the BEIR layout: <c>corpus.jsonl</c>, <c>queries.jsonl</c> and <c>qrels/test.tsv</c>.</summary>
/// <remarks>
/// <para><c>corpus.jsonl</c> holds one JSON object a line with <c>_id</c>, an optional <c>title</c> and <c>text</c>;
/// <c>queries.jsonl</c> holds <c>_id</c> and <c>text</c>; <c>qrels/test.tsv</c> starts with the header
/// <c>query-id	corpus-id	score</c> and holds one tab-separated judgment a line.</para>
/// <para>Malformed lines, bytes that are not UTF-8, duplicate ids, queries without text and repeated judgments are
/// errors (<see cref="InputFormatException"/> naming file and line). As evaluators conventionally do, judgments
/// naming an unknown query or document are skipped and counted in <see cref="Report"/>.</para>
/// <para>Thread safety: immutable once loaded; it may be read from any number of threads at once.</para>
/// </remarks>
public sealed class BeirDataset
{
    private BeirDataset(string name, IReadOnlyList<CorpusDocument> corpus, IReadOnlyList<TestQuery> queries, Qrels qrels, DatasetLoadReport report)
    {
        Name = name;
        Corpus = corpus;
        Queries = queries;
        Qrels = qrels;
        Report = report;
    }

    /// <summary>The collection's name: its folder's name.</summary>
    public string Name { get; }

    /// <summary>The documents, in file order.</summary>
    public IReadOnlyList<CorpusDocument> Corpus { get; }

    /// <summary>The queries, in file order.</summary>
    public IReadOnlyList<TestQuery> Queries { get; }

    /// <summary>The relevance judgments of the test split.</summary>
    public Qrels Qrels { get; }

    /// <summary>What loading skipped or noticed.</summary>
    public DatasetLoadReport Report { get; }

    /// <summary>Loads the collection in <paramref name="directory"/>.</summary>
    /// <param name="directory">The folder holding corpus.jsonl, queries.jsonl and qrels/test.tsv.</param>
    /// <returns>The collection.</returns>
    /// <exception cref="InputFormatException">A file is missing or malformed.</exception>
    public static BeirDataset Load(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        if (!Directory.Exists(directory))
        {
            throw new InputFormatException(directory, 0, null, "the dataset folder does not exist");
        }

        var corpusPath = Path.Combine(directory, "corpus.jsonl");
        var queriesPath = Path.Combine(directory, "queries.jsonl");
        var qrelsPath = Path.Combine(directory, "qrels", "test.tsv");
        var (corpus, emptyDocuments) = ReadCorpus(corpusPath);
        var queries = ReadQueries(queriesPath);
        var documentIds = new HashSet<string>(corpus.Count, StringComparer.Ordinal);
        foreach (var document in corpus)
        {
            documentIds.Add(document.Id);
        }

        var queryIds = new HashSet<string>(queries.Count, StringComparer.Ordinal);
        foreach (var query in queries)
        {
            queryIds.Add(query.Id);
        }

        var qrels = QrelsReader.Read(qrelsPath, queryIds, documentIds, out var unknownQueries, out var unknownDocuments);
        var withoutJudgments = 0;
        foreach (var query in queries)
        {
            if (!qrels.HasRelevant(query.Id))
            {
                withoutJudgments++;
            }
        }

        var name = new DirectoryInfo(directory).Name;
        return new BeirDataset(name, corpus, queries, qrels, new DatasetLoadReport(unknownQueries, unknownDocuments, emptyDocuments, withoutJudgments));
    }

    private static (List<CorpusDocument> Corpus, int Empty) ReadCorpus(string path)
    {
        var documents = new List<CorpusDocument>();
        var firstLineOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var empty = 0;
        foreach (var line in JsonLinesReader.ReadObjects(path))
        {
            var id = RequireId(line, firstLineOf);
            var title = line.GetString("title", required: false, numberAsText: true) ?? string.Empty;
            var body = line.GetString("text", required: true, numberAsText: true)!;
            if (string.IsNullOrWhiteSpace(title) && string.IsNullOrWhiteSpace(body))
            {
                empty++;
            }

            documents.Add(new CorpusDocument(id, title, body));
        }

        return documents.Count == 0 ? throw new InputFormatException(path, 0, null, "the corpus holds no documents") : (documents, empty);
    }

    private static List<TestQuery> ReadQueries(string path)
    {
        var queries = new List<TestQuery>();
        var firstLineOf = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in JsonLinesReader.ReadObjects(path))
        {
            var id = RequireId(line, firstLineOf);
            var query = line.GetString("text", required: true, numberAsText: true)!;
            if (string.IsNullOrWhiteSpace(query))
            {
                throw line.Error($"query \"{id}\" has empty text", "text");
            }

            queries.Add(new TestQuery(id, query));
        }

        return queries.Count == 0 ? throw new InputFormatException(path, 0, null, "the file holds no queries") : queries;
    }

    private static string RequireId(JsonLine line, Dictionary<string, int> firstLineOf)
    {
        var id = line.GetString("_id", required: true, numberAsText: true)!;
        if (id.Length == 0)
        {
            throw line.Error("field \"_id\" is empty", "_id");
        }

        if (!firstLineOf.TryAdd(id, line.Number))
        {
            throw line.Error(string.Create(CultureInfo.InvariantCulture, $"duplicate id \"{id}\" (first seen on line {firstLineOf[id]})"), "_id");
        }

        return id;
    }
}
