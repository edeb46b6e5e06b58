using CsCheck;
using Splade.Index.Approximate;

namespace Splade.Index.Tests.Approximate;

public class TopKHeapTests
{
    [Fact]
    public void KeepsTheBestByScoreThenLowestOrdinal()
    {
        Gen.Select(Gen.Int[0, 8].Array[0, 60], Gen.Int[1, 20]).Sample(
            (scores, k) =>
            {
                var heap = new TopKHeap();
                heap.Reset(k);
                for (var i = 0; i < scores.Length; i++)
                {
                    heap.Offer(i, scores[i]);
                }

                var drained = new ScoredOrdinal[k];
                var count = heap.DrainBestFirst(drained);
                var expected = scores.Select((score, ordinal) => new ScoredOrdinal(ordinal, score))
                    .OrderByDescending(h => h.Score)
                    .ThenBy(h => h.Ordinal)
                    .Take(k)
                    .ToArray();
                Assert.Equal(expected, drained[..count]);
            });
    }
}
