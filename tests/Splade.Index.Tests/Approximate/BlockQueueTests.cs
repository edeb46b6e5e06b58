using CsCheck;
using Splade.Index.Approximate;

namespace Splade.Index.Tests.Approximate;

public class BlockQueueTests
{
    [Fact]
    public void PopsBlocksByScoreThenLowestId()
    {
        Gen.Int[0, 6].Array[0, 80].Sample(
            levels =>
            {
                var count = levels.Length;
                var scores = levels.Select(level => level / 2f).ToArray();
                var blocks = Enumerable.Range(0, count).Select(i => (i * 37) % Math.Max(count, 1)).Distinct().ToArray();
                scores = scores[..blocks.Length];
                var expected = blocks.Select((block, i) => (Score: scores[i], Block: block)).OrderByDescending(e => e.Score).ThenBy(e => e.Block).ToList();

                BlockQueue.Build(scores, blocks, blocks.Length);
                var popped = new List<(float, int)>();
                for (var remaining = blocks.Length; remaining > 0; remaining--)
                {
                    popped.Add((scores[0], blocks[0]));
                    BlockQueue.RemoveTop(scores, blocks, remaining);
                }

                Assert.Equal(expected.Select(e => (e.Score, e.Block)), popped);
            });
    }
}
