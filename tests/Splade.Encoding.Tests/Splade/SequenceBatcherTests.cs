using CsCheck;
using Splade.Encoding.Splade;

namespace Splade.Encoding.Tests.Splade;

public sealed class SequenceBatcherTests
{
    [Fact]
    public void Order_is_by_decreasing_length_and_stable()
    {
        Gen.Int[0, 50].Array[0, 40].Sample(lengths =>
        {
            var sequences = lengths.Select(length => new int[length]).ToArray();
            var order = SequenceBatcher.OrderByLengthDescending(sequences);
            var expected = Enumerable.Range(0, lengths.Length).OrderByDescending(i => lengths[i]).ThenBy(i => i).ToArray();
            Assert.Equal(expected, order);
        });
    }

    [Fact]
    public void Batches_cover_every_sequence_once_within_size_and_budget()
    {
        Gen.Select(Gen.Int[1, 64].Array[0, 80], Gen.Int[1, 16], Gen.Int[0, 50], Gen.Long[1, 20_000]).Sample((lengths, batchSize, width, budget) =>
        {
            var sorted = lengths.OrderDescending().ToArray();
            var batches = SequenceBatcher.Plan(sorted, batchSize, width, budget);
            var next = 0;
            foreach (var batch in batches)
            {
                Assert.Equal(next, batch.Start);
                Assert.InRange(batch.Count, 1, batchSize);
                Assert.Equal(sorted[batch.Start], batch.Length);
                for (var i = batch.Start; i < batch.Start + batch.Count; i++)
                {
                    Assert.True(sorted[i] <= batch.Length);
                }

                Assert.True(batch.Count == 1 || (long)batch.Count * batch.Length * width <= budget, "a multi-row batch exceeds the budget");
                next += batch.Count;
            }

            Assert.Equal(sorted.Length, next);
        });
    }
}
