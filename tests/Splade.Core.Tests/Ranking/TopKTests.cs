using CsCheck;
using Splade.Core.Ranking;

namespace Splade.Core.Tests.Ranking;

public class TopKTests
{
    [Fact]
    public void Keeps_the_best_by_score_then_lowest_id_whatever_the_arrival_order()
    {
        Gen.Select(Gen.Int[0, 8].Array[0, 60], Gen.Int[0, 20], Gen.Int[0, 1000]).Sample(
            (scores, k, seed) =>
            {
                var offered = scores.Select((score, id) => new Scored(score, id)).ToArray();
                new Random(seed).Shuffle(offered);
                var top = new TopK<Scored, HigherScoreThenLowerId>(k);
                foreach (var candidate in offered)
                {
                    var wouldKeep = top.WouldKeep(candidate);
                    Assert.Equal(wouldKeep, top.Offer(candidate));
                }

                var expected = scores.Select((score, id) => new Scored(score, id)).OrderByDescending(h => h.Score).ThenBy(h => h.Id).Take(k).ToArray();
                Assert.Equal(expected, top.ToSortedArray());
                Assert.Equal(expected.Length, top.Count);
                Assert.Equal(expected.Length == k, top.IsFull);
                if (expected.Length > 0)
                {
                    Assert.Equal(expected[^1], top.Worst);
                }

                var drained = new Scored[k + 1];
                Assert.Equal(expected.Length, top.DrainBestFirst(drained));
                Assert.Equal(expected, drained[..expected.Length]);
                Assert.Equal(0, top.Count);
            });
    }

    [Fact]
    public void Draining_into_a_shorter_span_writes_the_best_and_empties_the_collector()
    {
        var top = new TopK<Scored, HigherScoreThenLowerId>(5);
        for (var id = 0; id < 5; id++)
        {
            top.Offer(new Scored(id, id));
        }

        var best = new Scored[2];
        Assert.Equal(2, top.DrainBestFirst(best));
        Assert.Equal([new Scored(4, 4), new Scored(3, 3)], best);
        Assert.Equal(0, top.Count);
    }

    [Fact]
    public void Reset_empties_and_changes_the_capacity_and_zero_keeps_nothing()
    {
        var top = new TopK<Scored, HigherScoreThenLowerId>(1);
        top.Offer(new Scored(1, 1));
        top.Reset(3);
        Assert.Equal(0, top.Count);
        Assert.Equal(3, top.Capacity);
        top.Reset(0);
        Assert.False(top.WouldKeep(new Scored(9, 0)));
        Assert.False(top.Offer(new Scored(9, 0)));
        Assert.Empty(top.ToSortedArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => top.Reset(-1));
    }

    private readonly record struct Scored(int Score, int Id);

    private readonly struct HigherScoreThenLowerId : IRanking<Scored>
    {
        public static bool RanksBefore(in Scored left, in Scored right)
            => left.Score > right.Score || (left.Score == right.Score && left.Id < right.Id);
    }
}
