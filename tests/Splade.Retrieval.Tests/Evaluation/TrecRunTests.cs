using Splade.Index;
using Splade.Retrieval.Evaluation;
using Splade.Retrieval.Input;
using Splade.Tests.Shared;

namespace Splade.Retrieval.Tests.Evaluation;

public sealed class TrecRunTests
{
    [Fact]
    public void Ranks_by_score_then_by_descending_document_id_like_trec_eval()
    {
        var run = new TrecRun();
        run.Set("q", [new("a", 1f), new("c", 2f), new("b", 1f)]);
        Assert.Equal(["c", "b", "a"], run.RankingOf("q"));
    }

    [Fact]
    public void Ranking_is_cut_at_1000_documents()
    {
        var run = new TrecRun();
        run.Set("q", Enumerable.Range(0, 1500).Select(i => new SearchHit("d" + i, i)).ToList());
        Assert.Equal(TrecRun.MaxDepth, run.RankingOf("q").Count);
        Assert.Equal("d1499", run.RankingOf("q")[0]);
    }

    [Fact]
    public void Round_trips_through_the_trec_format()
    {
        var run = new TrecRun();
        run.Set("q1", [new("d1", 1.25f), new("d2", 0.1f + 0.2f)]);
        run.Set("q2", [new("d9", -3f)]);
        using var temp = new TempFolder("splade-trec-");
        var path = temp.Combine("run.trec");
        TrecRunFile.Write(run, path, "test");
        var lines = File.ReadAllLines(path);
        Assert.Equal("q1 Q0 d1 1 1.25 test", lines[0]);
        var read = TrecRunFile.Read(path);
        Assert.Equal(run.ResultsOf("q1"), read.ResultsOf("q1"));
        Assert.Equal(run.ResultsOf("q2"), read.ResultsOf("q2"));
    }

    [Theory]
    [InlineData("q1 Q0 d1 1 0.5", "expected 6 fields")]
    [InlineData("q1 Q0 d1 x 0.5 tag", "rank \"x\"")]
    [InlineData("q1 Q0 d1 1 NaN tag", "score \"NaN\"")]
    [InlineData("q1 Q0 d1 1 0.5 tag\nq1 Q0 d1 2 0.4 tag", "lists document \"d1\" twice")]
    public void Malformed_lines_are_reported_with_file_and_line(string content, string problem)
    {
        using var temp = new TempFolder("splade-trec-");
        var path = temp.Combine("run.trec");
        File.WriteAllText(path, "q0 Q0 d0 1 1 tag\n" + content + "\n");
        var error = Assert.Throws<InputFormatException>(() => TrecRunFile.Read(path));
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Equal(content.Contains('\n') ? 3 : 2, error.Line);
    }
}
