using System.Text.Json;
using Splade.Core;
using Splade.Encoding;
using Splade.Retrieval.Evaluation;
using Splade.Retrieval.Learned;
using Splade.Tests.Shared;

namespace Splade.Retrieval.Tests.Learned;

public class SpladeRetrieverTests
{
    private static readonly string Model = TestPaths.Fixture("tiny-splade-random");

    [Fact]
    public void Scores_are_dot_products_of_the_reference_vectors_best_first()
    {
        using var reference = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Model, "reference.json")));
        var items = reference.RootElement.GetProperty("items").EnumerateArray().Take(5).ToArray();
        var documents = items.Select((item, i) => new CorpusDocument($"d{i}", string.Empty, item.GetProperty("text").GetString()!)).ToArray();
        var expectedVectors = items.Select(item => SparseVector.FromJson(item.GetProperty("max").GetRawText())).ToArray();

        using var retriever = new SpladeRetriever(SpladeEncoder.Load(Model), "tiny-splade-random");
        retriever.Index(documents);
        var query = retriever.EncodeQuery("How is the scheduled death of cells within a living thing regulated?");
        var hits = retriever.Search("How is the scheduled death of cells within a living thing regulated?", 3);

        var oracle = expectedVectors.Select((vector, i) => (Id: $"d{i}", Score: query.Dot(vector))).OrderByDescending(h => h.Score).Take(3).ToArray();
        Assert.Equal(oracle.Select(h => h.Id), hits.Select(h => h.Id));
        for (var i = 0; i < oracle.Length; i++)
        {
            Assert.Equal(oracle[i].Score, hits[i].Score, 3);
        }

        Assert.InRange(retriever.MeanDocumentNonZeros, 1, 30522);
    }

    [Fact]
    public void Searching_before_indexing_is_an_error()
    {
        using var retriever = new SpladeRetriever(SpladeEncoder.Load(Model), "tiny");
        Assert.Throws<InvalidOperationException>(() => retriever.Search("anything", 10));
    }
}
