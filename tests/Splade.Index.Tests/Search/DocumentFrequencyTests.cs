using CsCheck;
using Splade.Core;

namespace Splade.Index.Tests.Search;

public class DocumentFrequencyTests
{
    [Fact]
    public void Document_frequencies_count_live_documents_per_term_like_a_scan()
    {
        Gen.Select(RandomCorpus.Operations(60, 30, 12, 5), Gen.UInt[0, 13].Array[1, 6]).Sample((operations, terms) =>
        {
            using var index = SparseIndex.CreateInMemory(new IndexOptions { FlushThreshold = 5, BackgroundMerge = false });
            var reference = new ReferenceCollection();
            foreach (var operation in operations)
            {
                RandomCorpus.Apply(operation, index, reference);
            }

            var live = index.GetIds().Select(id => index.Get(id)!.Vector).ToList();
            var expected = terms.Select(term => (long)live.Count(vector => vector.Indices.Contains(term))).ToArray();
            Assert.Equal(expected, index.DocumentFrequencies(terms));
        }, iter: 200);
    }
}
