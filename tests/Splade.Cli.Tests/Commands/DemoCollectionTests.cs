using Splade.Cli.Commands;
using Splade.Retrieval.Evaluation;
using Splade.Tests.Shared;

namespace Splade.Cli.Tests.Commands;

public class DemoCollectionTests
{
    [Fact]
    public void The_embedded_collection_unpacks_to_the_committed_medline_fixture()
    {
        var embedded = DemoCollection.Load();
        var committed = BeirDataset.Load(TestPaths.Fixture("datasets", "medline"));

        Assert.Equal(committed.Corpus.Count, embedded.Corpus.Count);
        Assert.Equal(committed.Queries.Select(q => q.Id), embedded.Queries.Select(q => q.Id));
        Assert.Equal(
            File.ReadAllBytes(TestPaths.Fixture("datasets", "medline", "qrels", "test.tsv")),
            File.ReadAllBytes(Path.Combine(DemoCollection.Folder, "qrels", "test.tsv")));
    }
}
