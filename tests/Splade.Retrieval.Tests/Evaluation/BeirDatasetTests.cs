using Splade.Retrieval.Evaluation;
using Splade.Retrieval.Input;
using Splade.Tests.Shared;

namespace Splade.Retrieval.Tests.Evaluation;

public sealed class BeirDatasetTests : IDisposable
{
    private const string GoodCorpus = """
        {"_id": "d1", "title": "Lens", "text": "the crystalline lens"}
        {"_id": "d2", "title": "", "text": "blood oxygen"}
        """;

    private const string GoodQueries = """
        {"_id": "q1", "text": "lens"}
        {"_id": "q2", "text": "oxygen"}
        """;

    private const string GoodQrels = "query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\td2\t2\n";

    private readonly TempFolder _directory = new("beir-test-");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Loads_the_medline_fixture_with_the_counts_its_readme_states()
    {
        var dataset = BeirDataset.Load(TestPaths.Fixture("datasets", "medline"));
        Assert.Equal("medline", dataset.Name);
        Assert.Equal(1033, dataset.Corpus.Count);
        Assert.Equal(30, dataset.Queries.Count);
        Assert.Equal(696, dataset.Qrels.JudgmentCount);
        Assert.Equal(new DatasetLoadReport(0, 0, 0, 0), dataset.Report);
        Assert.StartsWith("correlation between maternal and fetal plasma", dataset.Corpus[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Loads_a_well_formed_collection()
    {
        var dataset = Write(GoodCorpus, GoodQueries, GoodQrels);
        Assert.Equal("Lens the crystalline lens", dataset.Corpus[0].FullText);
        Assert.Equal(2, dataset.Qrels.For("q2")["d2"]);
    }

    [Fact]
    public void Judgments_for_unknown_queries_or_documents_are_skipped_and_counted()
    {
        var dataset = Write(GoodCorpus, GoodQueries, GoodQrels + "q9\td1\t1\nq1\td9\t1\nq1\td8\t1\n");
        Assert.Equal(1, dataset.Report.JudgmentsForUnknownQueries);
        Assert.Equal(2, dataset.Report.JudgmentsForUnknownDocuments);
        Assert.Equal(2, dataset.Qrels.JudgmentCount);
    }

    [Fact]
    public void Queries_without_relevant_judgments_and_empty_documents_are_counted()
    {
        var dataset = Write(
            GoodCorpus + "\n{\"_id\": \"d3\", \"title\": \"\", \"text\": \" \"}", GoodQueries, "query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\td2\t0\n");
        Assert.Equal(1, dataset.Report.EmptyDocuments);
        Assert.Equal(1, dataset.Report.QueriesWithoutJudgments);
    }

    [Theory]
    [InlineData("corpus.jsonl", "{\"_id\": \"d1\", \"text\": \"a\"}\n{\"_id\": \"d2\", \"text\": ", 2, "not valid JSON")]
    [InlineData("corpus.jsonl", "{\"_id\": \"d1\", \"text\": \"a\"}\n{\"_id\": \"d1\", \"text\": \"b\"}", 2, "duplicate id \"d1\" (first seen on line 1)")]
    [InlineData("corpus.jsonl", "{\"_id\": \"d1\"}", 1, "missing field \"text\"")]
    [InlineData("corpus.jsonl", "[1, 2]", 1, "expected a JSON object")]
    [InlineData("corpus.jsonl", "{\"_id\": \"d1\", \"text\": 5.5e}", 1, "not valid JSON")]
    [InlineData("queries.jsonl", "{\"_id\": \"q1\", \"text\": \"\"}", 1, "query \"q1\" has empty text")]
    [InlineData("queries.jsonl", "{\"_id\": \"q1\", \"text\": [\"a\"]}", 1, "field \"text\" must be a string")]
    [InlineData("qrels/test.tsv", "query-id\tcorpus-id\tscore\nq1\td1", 2, "expected 3 tab-separated fields")]
    [InlineData("qrels/test.tsv", "query-id\tcorpus-id\tscore\nq1\td1\thigh", 2, "score \"high\" is not an integer")]
    [InlineData("qrels/test.tsv", "query-id\tcorpus-id\tscore\nq1\td1\t1\nq1\td1\t0", 3, "judges document \"d1\" again (first on line 2)")]
    public void Malformed_files_name_the_file_and_line(string file, string content, int line, string problem)
    {
        var files = new Dictionary<string, string> { ["corpus.jsonl"] = GoodCorpus, ["queries.jsonl"] = GoodQueries, ["qrels/test.tsv"] = GoodQrels };
        files[file] = content;
        var error = Assert.Throws<InputFormatException>(() => Write(files["corpus.jsonl"], files["queries.jsonl"], files["qrels/test.tsv"]));
        Assert.Equal(line, error.Line);
        Assert.EndsWith(file.Replace('/', Path.DirectorySeparatorChar), error.FilePath, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bytes_that_are_not_utf8_are_reported_with_their_line()
    {
        WriteText(GoodCorpus, GoodQueries, GoodQrels);
        var corpus = _directory.Combine("corpus.jsonl");
        File.WriteAllBytes(corpus, [.. File.ReadAllBytes(corpus), .. "\n{\"_id\": \"d3\", \"text\": \"caf"u8, 0xE9, .. "\"}\n"u8]);
        var error = Assert.Throws<InputFormatException>(() => BeirDataset.Load(_directory.Path));
        Assert.Equal(3, error.Line);
        Assert.Contains("not valid UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        WriteText(GoodCorpus, GoodQueries, GoodQrels);
        File.Delete(_directory.Combine("queries.jsonl"));
        var error = Assert.Throws<InputFormatException>(() => BeirDataset.Load(_directory.Path));
        Assert.EndsWith("queries.jsonl", error.FilePath, StringComparison.Ordinal);
    }

    private BeirDataset Write(string corpus, string queries, string qrels)
    {
        WriteText(corpus, queries, qrels);
        return BeirDataset.Load(_directory.Path);
    }

    private void WriteText(string corpus, string queries, string qrels)
    {
        Directory.CreateDirectory(_directory.Combine("qrels"));
        File.WriteAllText(_directory.Combine("corpus.jsonl"), corpus);
        File.WriteAllText(_directory.Combine("queries.jsonl"), queries);
        File.WriteAllText(_directory.Combine("qrels", "test.tsv"), qrels);
    }
}
