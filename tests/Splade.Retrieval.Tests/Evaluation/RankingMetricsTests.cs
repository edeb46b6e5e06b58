using CsCheck;
using Splade.Retrieval.Evaluation;

namespace Splade.Retrieval.Tests.Evaluation;

public sealed class RankingMetricsTests
{
    private static readonly Dictionary<string, int> Judgments = new()
    {
        ["d1"] = 2,
        ["d2"] = 1,
        ["d3"] = 0,
        ["d4"] = 1,
    };

    // Ranking d3 (judged 0), d1 (2), x (unjudged), d2 (1); d4 (1) is never retrieved.
    private static readonly string[] Ranking = ["d3", "d1", "x", "d2"];

    [Fact]
    public void Ndcg_uses_grades_as_gains_and_the_ideal_from_all_judgments()
    {
        // DCG = 2/log2(3) + 1/log2(5); ideal = 2/log2(2) + 1/log2(3) + 1/log2(4).
        var expected = ((2 / Math.Log2(3)) + (1 / Math.Log2(5))) / (2 + (1 / Math.Log2(3)) + 0.5);
        Assert.Equal(expected, RankingMetrics.NdcgAt(Ranking, Judgments, 10), 12);
        // At k = 2 the ideal keeps only its first two gains.
        Assert.Equal(2 / Math.Log2(3) / (2 + (1 / Math.Log2(3))), RankingMetrics.NdcgAt(Ranking, Judgments, 2), 12);
    }

    [Fact]
    public void Reciprocal_rank_is_one_over_the_first_relevant_rank_within_k()
    {
        Assert.Equal(0.5, RankingMetrics.ReciprocalRankAt(Ranking, Judgments, 10));
        Assert.Equal(0, RankingMetrics.ReciprocalRankAt(Ranking, Judgments, 1));
    }

    [Fact]
    public void Recall_and_precision_count_relevant_documents_in_the_top_k()
    {
        Assert.Equal(2.0 / 3, RankingMetrics.RecallAt(Ranking, Judgments, 10), 12);
        Assert.Equal(1.0 / 3, RankingMetrics.RecallAt(Ranking, Judgments, 2), 12);
        Assert.Equal(2.0 / 10, RankingMetrics.PrecisionAt(Ranking, Judgments, 10), 12);
        Assert.Equal(1.0 / 2, RankingMetrics.PrecisionAt(Ranking, Judgments, 2), 12);
    }

    [Fact]
    public void Average_precision_divides_by_all_relevant_judged_documents()
    {
        // Relevant at ranks 2 and 4: (1/2 + 2/4) / 3.
        Assert.Equal(1.0 / 3, RankingMetrics.AveragePrecision(Ranking, Judgments), 12);
    }

    [Fact]
    public void A_perfect_ranking_scores_one_and_no_relevant_documents_score_zero()
    {
        string[] perfect = ["d1", "d2", "d4"];
        Assert.Equal(1, RankingMetrics.NdcgAt(perfect, Judgments, 10), 12);
        Assert.Equal(1, RankingMetrics.AveragePrecision(perfect, Judgments), 12);
        var none = new Dictionary<string, int> { ["d1"] = 0 };
        Assert.Equal(0, RankingMetrics.NdcgAt(perfect, none, 10));
        Assert.Equal(0, RankingMetrics.RecallAt(perfect, none, 10));
    }

    [Fact]
    public void Metrics_match_a_naive_oracle_on_random_rankings()
    {
        var gen = Gen.Select(Gen.Int[0, 3].Array[12], Gen.Int[0, 11].Array[0, 12], Gen.Int[1, 12]);
        gen.Sample((grades, picks, k) =>
        {
            var judgments = new Dictionary<string, int>();
            for (var i = 0; i < grades.Length; i += 2)
            {
                judgments["d" + i] = grades[i];
            }

            var ranking = picks.Distinct().Select(p => "d" + p).ToArray();
            var oracle = new NaiveOracle(ranking, judgments);
            Assert.Equal(oracle.Ndcg(k), RankingMetrics.NdcgAt(ranking, judgments, k), 9);
            Assert.Equal(oracle.ReciprocalRank(k), RankingMetrics.ReciprocalRankAt(ranking, judgments, k), 9);
            Assert.Equal(oracle.Recall(k), RankingMetrics.RecallAt(ranking, judgments, k), 9);
            Assert.Equal(oracle.Precision(k), RankingMetrics.PrecisionAt(ranking, judgments, k), 9);
            Assert.Equal(oracle.AveragePrecision(), RankingMetrics.AveragePrecision(ranking, judgments), 9);
        });
    }

    // Straight from the textbook definitions, written independently of the implementation.
    private sealed class NaiveOracle(string[] ranking, Dictionary<string, int> judgments)
    {
        private int Gain(string id) => judgments.TryGetValue(id, out var g) && g > 0 ? g : 0;

        private int RelevantTotal => judgments.Values.Count(g => g > 0);

        public double Ndcg(int k)
        {
            var dcg = ranking.Take(k).Select((id, i) => Gain(id) / Math.Log(i + 2, 2)).Sum();
            var ideal = judgments.Values.Where(g => g > 0).OrderByDescending(g => g).Take(k).Select((g, i) => g / Math.Log(i + 2, 2)).Sum();
            return ideal == 0 ? 0 : dcg / ideal;
        }

        public double ReciprocalRank(int k)
        {
            var rank = Array.FindIndex(ranking.Take(k).ToArray(), id => Gain(id) > 0);
            return rank < 0 ? 0 : 1.0 / (rank + 1);
        }

        public double Recall(int k) => RelevantTotal == 0 ? 0 : ranking.Take(k).Count(id => Gain(id) > 0) / (double)RelevantTotal;

        public double Precision(int k) => ranking.Take(k).Count(id => Gain(id) > 0) / (double)k;

        public double AveragePrecision()
        {
            if (RelevantTotal == 0)
            {
                return 0;
            }

            var sum = 0.0;
            for (var i = 0; i < ranking.Length; i++)
            {
                if (Gain(ranking[i]) > 0)
                {
                    sum += ranking.Take(i + 1).Count(id => Gain(id) > 0) / (double)(i + 1);
                }
            }

            return sum / RelevantTotal;
        }
    }
}
