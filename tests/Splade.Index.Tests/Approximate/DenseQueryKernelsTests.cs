using CsCheck;
using Splade.Core;
using Splade.Index.Approximate;

namespace Splade.Index.Tests.Approximate;

public class DenseQueryKernelsTests
{
    [Fact]
    public void TheSegmentReturnsEachDocumentsEntriesAndTheDenseDotScoresLikeTheSparseDot()
    {
        Gen.Select(Gen.Int[0, 50], Gen.Int[1, 300], Gen.Int).Sample(
            (count, dimension, seed) =>
            {
                var random = new Random(seed);
                var documents = TestCorpora.RandomDyadic(random, count, (uint)dimension, maxTerms: 40);
                var forward = TestSegments.Of(documents);
                var query = TestCorpora.RandomDyadicVector(random, (uint)dimension, 20);
                var dense = new float[dimension];
                for (var i = 0; i < query.Count; i++)
                {
                    dense[query.Indices[i]] = query.Values[i];
                }

                Assert.Equal(count, forward.DocumentCount);
                for (var d = 0; d < count; d++)
                {
                    Assert.Equal(documents[d].Indices.ToArray(), forward.NarrowIndices(d).ToArray().Select(t => (uint)t));
                    Assert.True(documents[d].Values.SequenceEqual(forward.GetForwardValues(d)));
                    Assert.Equal(query.Dot(documents[d]), DenseQueryKernels.Dot(dense, forward.NarrowIndices(d), forward.GetForwardValues(d)));
                }
            });
    }

    [Fact]
    public void OrderedDotAgainstADenseQueryEqualsTheMergeDotBitForBit()
    {
        // Weights with many significant bits, so that summing in another order would round differently.
        var vector = Gen.Int[1, 80].SelectMany(n =>
            Gen.UInt[0, 399].HashSet[n, n].SelectMany(terms =>
                Gen.Single[-3f, 3f].Array[terms.Count].Select(weights => new SparseVector([.. terms.Order()], weights))));
        Gen.Select(vector, vector).Sample((query, document) =>
        {
            var dense = new float[400];
            for (var i = 0; i < query.Count; i++)
            {
                dense[query.Indices[i]] = query.Values[i];
            }

            var narrow = document.Indices.ToArray().Select(t => (ushort)t).ToArray();
            var merged = SparseKernels.Dot(query.Indices, query.Values, narrow, document.Values);
            var ordered = DenseQueryKernels.OrderedDot(dense, narrow, document.Values);

            // A zero sum may differ in its sign only.
            Assert.Equal(merged == 0f ? 0 : BitConverter.SingleToInt32Bits(merged), ordered == 0f ? 0 : BitConverter.SingleToInt32Bits(ordered));
        });
    }
}
