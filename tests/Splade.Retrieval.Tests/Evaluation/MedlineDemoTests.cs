using Splade.Retrieval.Evaluation;
using Splade.Tests.Shared;

namespace Splade.Retrieval.Tests.Evaluation;

public class MedlineDemoTests
{
    [Fact]
    public void The_embedded_collection_unpacks_to_the_committed_medline_fixture()
    {
        var embedded = MedlineDemo.Load();
        var committed = BeirDataset.Load(TestPaths.Fixture("datasets", "medline"));

        Assert.Equal(committed.Corpus.Count, embedded.Corpus.Count);
        Assert.Equal(committed.Queries.Select(q => q.Id), embedded.Queries.Select(q => q.Id));
        Assert.Equal(
            File.ReadAllBytes(TestPaths.Fixture("datasets", "medline", "qrels", "test.tsv")),
            File.ReadAllBytes(Path.Combine(MedlineDemo.Folder, "qrels", "test.tsv")));
    }
}
