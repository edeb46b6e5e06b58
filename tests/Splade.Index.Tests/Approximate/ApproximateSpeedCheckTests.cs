using CsCheck;
using Splade.Core;
using Splade.Index.Approximate;

namespace Splade.Index.Tests.Approximate;

/// <summary>The build-time choice between approximate and exact search, on scripted timings (no clock): approximate search must win
/// per query, by the margin, whatever the noise.</summary>
public sealed class ApproximateSpeedCheckTests
{
    [Fact]
    public void Approximate_search_is_chosen_only_when_it_is_cheaper_by_the_margin()
    {
        Assert.True(Scripted(exact: 1.0, approximate: 0.5).ApproximateWins);
        Assert.True(Scripted(exact: 1.0, approximate: 1.0 / ApproximateSpeedCheck.Margin).ApproximateWins);
        // Faster, but not by the margin: exact search, which needs no estimate, wins a close call.
        Assert.False(Scripted(exact: 1.0, approximate: 0.95).ApproximateWins);
        Assert.False(Scripted(exact: 1.0, approximate: 1.0).ApproximateWins);
        Assert.False(Scripted(exact: 0.4, approximate: 0.8).ApproximateWins);
    }

    [Fact]
    public void Each_query_keeps_its_best_round_so_stalls_on_a_busy_machine_do_not_decide()
    {
        // Exact search is truly faster (0.4 against 0.8 a query), but the machine stalls it in every timed round but one: summed
        // round times would pick approximate search; the per-query best does not.
        const int queries = 20;
        var exactCalls = new int[queries];
        var calls = 0;
        var costs = ApproximateSpeedCheck.Measure(queries, (q, approximate) =>
        {
            calls++;
            if (approximate)
            {
                return 0.8;
            }

            // Call 0 is the warm-up; one timed round per query (a different one for each) runs unstalled.
            var call = exactCalls[q]++;
            return call == 1 + (q % ApproximateSpeedCheck.Rounds) ? 0.4 : 25.0;
        });
        Assert.Equal(queries * 0.4, costs.Exact, 9);
        Assert.Equal(queries * 0.8, costs.Approximate, 9);
        Assert.False(costs.ApproximateWins);
        // A warm-up round and the timed rounds, each query timed with both algorithms.
        Assert.Equal(queries * 2 * (ApproximateSpeedCheck.Rounds + 1), calls);
    }

    [Fact]
    public void The_warm_up_round_is_not_counted_and_both_orders_are_used()
    {
        var sequence = new List<(int Query, bool Approximate)>();
        var callsPerQuery = new int[4];
        var costs = ApproximateSpeedCheck.Measure(4, (q, approximate) =>
        {
            sequence.Add((q, approximate));
            // The first (warm-up) call of each query and algorithm is slow, as a cold cache is.
            return callsPerQuery[q]++ < 2 ? 100.0 : approximate ? 1.0 : 3.0;
        });
        Assert.Equal(4 * 3.0, costs.Exact, 9);
        Assert.Equal(4 * 1.0, costs.Approximate, 9);
        Assert.True(costs.ApproximateWins);

        // Calls come in pairs (one query, both algorithms), and each algorithm goes first in some pairs.
        var firsts = new HashSet<bool>();
        for (var i = 0; i < sequence.Count; i += 2)
        {
            Assert.Equal(sequence[i].Query, sequence[i + 1].Query);
            Assert.NotEqual(sequence[i].Approximate, sequence[i + 1].Approximate);
            firsts.Add(sequence[i].Approximate);
        }

        Assert.Equal(2, firsts.Count);
    }

    [Fact]
    public void The_sums_are_the_per_query_minima_of_any_timings()
    {
        const int calls = ApproximateSpeedCheck.Rounds + 1;
        Gen.Int[1, 12]
            .SelectMany(n => Gen.Select(Gen.Double[0.01, 10].Array[calls].Array[n], Gen.Double[0.01, 10].Array[calls].Array[n]))
            .Sample(times =>
            {
                var (exactTimes, approximateTimes) = times;
                var n = exactTimes.Length;
                var made = new int[n, 2];
                var costs = ApproximateSpeedCheck.Measure(n, (q, approximate) =>
                {
                    var round = made[q, approximate ? 1 : 0]++;
                    return approximate ? approximateTimes[q][round] : exactTimes[q][round];
                });
                double exact = 0, approximateSum = 0;
                for (var q = 0; q < n; q++)
                {
                    exact += exactTimes[q].Skip(1).Min();
                    approximateSum += approximateTimes[q].Skip(1).Min();
                }

                Assert.Equal(exact, costs.Exact, 9);
                Assert.Equal(approximateSum, costs.Approximate, 9);
                Assert.Equal(approximateSum * ApproximateSpeedCheck.Margin <= exact, costs.ApproximateWins);
            });
    }

    [Fact]
    public void Sampled_documents_are_also_timed_cut_to_a_query_s_length_and_given_queries_as_they_are()
    {
        var longDocument = Vector(ApproximateSpeedCheck.QueryShapeTerms * 3);
        var shortDocument = Vector(5);
        IReadOnlyList<SparseVector> sample = [longDocument, shortDocument];

        var given = ApproximateSpeedCheck.Shapes(sample, sampledDocuments: false);
        Assert.Same(sample, Assert.Single(given));

        var shapes = ApproximateSpeedCheck.Shapes(sample, sampledDocuments: true);
        Assert.Equal(2, shapes.Count);
        Assert.Same(sample, shapes[0]);
        Assert.Equal(ApproximateSpeedCheck.QueryShapeTerms, shapes[1][0].Count);
        Assert.Equal(longDocument.TopK(ApproximateSpeedCheck.QueryShapeTerms).Indices.ToArray(), shapes[1][0].Indices.ToArray());
        Assert.Same(shortDocument, shapes[1][1]);

        // Documents no longer than a query need no second timing.
        Assert.Single(ApproximateSpeedCheck.Shapes([shortDocument], sampledDocuments: true));
    }

    private static ApproximateSpeedCheck.Costs Scripted(double exact, double approximate)
        => ApproximateSpeedCheck.Measure(10, (_, isApproximate) => isApproximate ? approximate : exact);

    private static SparseVector Vector(int terms)
    {
        var indices = new uint[terms];
        var values = new float[terms];
        for (var i = 0; i < terms; i++)
        {
            indices[i] = (uint)(i * 3);
            values[i] = 1f + ((i * 7919) % 97);
        }

        return new SparseVector(indices, values);
    }
}
