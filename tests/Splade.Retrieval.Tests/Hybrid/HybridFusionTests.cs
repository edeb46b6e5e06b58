using CsCheck;
using Splade.Retrieval.Hybrid;

namespace Splade.Retrieval.Tests.Hybrid;

public sealed class HybridFusionTests
{
    [Fact]
    public void Reciprocal_rank_fusion_matches_the_naive_sum_over_sides()
    {
        Gen.Select(HybridGen.Pool, Gen.Int[0, 100], Gen.Int[1, 30]).Sample((pool, rrfK, k) =>
        {
            var options = new FusionOptions { Method = FusionMethod.ReciprocalRank, RrfK = rrfK, K = k, CandidateDepth = 30 };

            var actual = HybridFusion.Fuse(pool, options);

            var oracle = pool.Select(c => (c.Id,
                (c.SparseRank > 0 ? 1.0 / (rrfK + c.SparseRank) : 0) + (c.DenseRank > 0 ? 1.0 / (rrfK + c.DenseRank) : 0)));
            AssertSameRanking(oracle, actual, k);
        });
    }

    [Fact]
    public void Min_max_normalisation_matches_its_formula()
    {
        Gen.Double[-100, 100].Array[1, 20].Sample(scores =>
        {
            var actual = scores.ToArray();
            HybridFusion.Normalize(actual, ScoreNormalization.MinMax);

            var min = scores.Min();
            var max = scores.Max();
            for (var i = 0; i < scores.Length; i++)
            {
                var expected = max > min ? (scores[i] - min) / (max - min) : 0;
                Assert.Equal(expected, actual[i], 9);
            }
        });
    }

    [Fact]
    public void Z_score_normalisation_matches_its_formula()
    {
        Gen.Double[-100, 100].Array[1, 20].Sample(scores =>
        {
            var actual = scores.ToArray();
            HybridFusion.Normalize(actual, ScoreNormalization.ZScore);

            var mean = scores.Average();
            var deviation = Math.Sqrt(scores.Select(s => (s - mean) * (s - mean)).Sum() / scores.Length);
            for (var i = 0; i < scores.Length; i++)
            {
                var expected = deviation > 0 ? (scores[i] - mean) / deviation : 0;
                Assert.Equal(expected, actual[i], 9);
            }
        });
    }

    [Fact]
    public void Convex_fusion_mixes_normalised_scores_with_alpha()
    {
        Gen.Select(HybridGen.Pool, Gen.Int[0, 4].Select(i => i / 4.0), Gen.Bool).Sample((pool, alpha, minMax) =>
        {
            var normalization = minMax ? ScoreNormalization.MinMax : ScoreNormalization.ZScore;
            var options = new FusionOptions { Method = FusionMethod.Convex, Alpha = alpha, Normalization = normalization, K = 30, CandidateDepth = 30 };

            var actual = HybridFusion.Fuse(pool, options);

            var sparse = NaiveNormalize(pool.Select(c => (double)c.SparseScore).ToArray(), minMax);
            // Only the candidates with a dense score are normalised; the others take the lowest normalised dense score.
            var present = NaiveNormalize(pool.Where(c => c.DenseScore.HasValue).Select(c => (double)c.DenseScore!.Value).ToArray(), minMax);
            var lowest = present.Length == 0 ? 0 : present.Min();
            var next = 0;
            var dense = pool.Select(c => c.DenseScore.HasValue ? present[next++] : lowest).ToArray();
            AssertSameRanking(pool.Select((c, i) => (c.Id, ((1 - alpha) * sparse[i]) + (alpha * dense[i]))), actual, 30);
        });
    }

    [Fact]
    public void Alpha_fusion_is_the_weighted_sum_of_raw_scores()
    {
        Gen.Select(HybridGen.Pool, Gen.Int[0, 4].Select(i => i / 4.0)).Sample((pool, alpha) =>
        {
            var actual = HybridFusion.Fuse(pool, new FusionOptions { Method = FusionMethod.Alpha, Alpha = alpha, K = 30, CandidateDepth = 30 });

            AssertSameRanking(pool.Select(c => (c.Id, ((1 - alpha) * c.SparseScore) + (alpha * (c.DenseScore ?? 0)))), actual, 30);
        });
    }

    [Fact]
    public void Hits_carry_the_candidate_scores_and_ranks()
    {
        HybridGen.Pool.Sample(pool =>
        {
            var byId = pool.ToDictionary(c => c.Id);
            foreach (var hit in HybridFusion.Fuse(pool, new FusionOptions { K = 30, CandidateDepth = 30 }))
            {
                var candidate = byId[hit.Id];
                Assert.Equal(
                    (candidate.SparseScore, candidate.DenseScore, candidate.SparseRank, candidate.DenseRank),
                    (hit.SparseScore, hit.DenseScore, hit.SparseRank, hit.DenseRank));
            }
        });
    }

    [Theory]
    [InlineData(-0.1, 60, 10, 100, "Alpha")]
    [InlineData(1.5, 60, 10, 100, "Alpha")]
    [InlineData(double.NaN, 60, 10, 100, "Alpha")]
    [InlineData(0.5, -1, 10, 100, "RrfK")]
    [InlineData(0.5, 60, 0, 100, "K")]
    [InlineData(0.5, 60, 10, 5, "CandidateDepth")]
    public void Out_of_range_options_name_the_knob(double alpha, double rrfK, int k, int depth, string knob)
    {
        var options = new FusionOptions { Alpha = alpha, RrfK = rrfK, K = k, CandidateDepth = depth };

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => HybridFusion.Fuse([], options));

        Assert.Equal(knob, error.ParamName);
    }

    [Fact]
    public void A_non_finite_candidate_score_is_rejected_with_its_id()
    {
        FusionCandidate[] pool = [new("a", 1, 0.5f, 1, 1), new("b", float.NaN, 0.2f, 2, 2)];

        var error = Assert.Throws<ArgumentException>(() => HybridFusion.Fuse(pool, new FusionOptions()));

        Assert.Contains("'b'", error.Message, StringComparison.Ordinal);
    }

    private static double[] NaiveNormalize(double[] scores, bool minMax)
    {
        if (scores.Length == 0)
        {
            return scores;
        }

        if (minMax)
        {
            var min = scores.Min();
            var max = scores.Max();
            return scores.Select(s => max > min ? (s - min) / (max - min) : 0).ToArray();
        }

        var mean = scores.Average();
        var deviation = Math.Sqrt(scores.Select(s => (s - mean) * (s - mean)).Sum() / scores.Length);
        return scores.Select(s => deviation > 0 ? (s - mean) / deviation : 0).ToArray();
    }

    /// <summary>
    /// Checks <paramref name="actual"/> against oracle scores for every candidate, with a tolerance because the oracle and
    /// the code may round differently in the last bit: min(k, n) hits, each with its oracle score, scores not increasing,
    /// equal scores in id order, and nothing left out scoring clearly above the last hit kept.
    /// </summary>
    internal static void AssertSameRanking(IEnumerable<(string Id, double Score)> oracleScores, IReadOnlyList<HybridHit> actual, int k)
    {
        const double tolerance = 1e-9;
        var oracle = oracleScores.ToDictionary(e => e.Id, e => e.Score);
        Assert.Equal(Math.Min(k, oracle.Count), actual.Count);
        for (var i = 0; i < actual.Count; i++)
        {
            Assert.True(oracle.TryGetValue(actual[i].Id, out var score), $"hit {i} '{actual[i].Id}' is not a candidate");
            Assert.Equal(score, actual[i].Score, tolerance);
            if (i > 0)
            {
                var previous = actual[i - 1];
                Assert.True(previous.Score >= actual[i].Score - tolerance, $"hit {i} scores above hit {i - 1}");
                if (previous.Score == actual[i].Score)
                {
                    Assert.True(string.CompareOrdinal(previous.Id, actual[i].Id) < 0, $"tied hits {i - 1} and {i} are not in id order");
                }
            }
        }

        if (actual.Count > 0)
        {
            var kept = actual.Select(h => h.Id).ToHashSet();
            var last = actual[^1].Score;
            foreach (var (id, score) in oracle)
            {
                Assert.True(kept.Contains(id) || score <= last + tolerance, $"'{id}' (score {score}) was left out although it beats the last hit ({last})");
            }
        }
    }
}
