using CsCheck;
using Splade.Core;
using Splade.Index.Filters;

namespace Splade.Index.Tests.Search;

public class DenseInt8SearchTests
{
    [Fact]
    public void Int8_scores_equal_the_quantised_oracle_and_stay_within_the_documented_bound_of_float32()
    {
        Gen.Select(Gen.Int[1, 40], Gen.Int[2, 30], Gen.Int[1, 8]).SelectMany((dimension, count, k) =>
            Gen.Select(Gen.Float[-4f, 4f].Array[dimension].Array[count], Gen.Float[-2f, 2f].Array[dimension], Gen.Const(k)))
            .Sample((vectors, query, k) =>
            {
                using var index = SparseIndex.CreateInMemory(
                    new IndexOptions { FlushThreshold = 7, MergeFactor = 2, BackgroundMerge = false, DensePrecision = DensePrecision.Int8 });
                index.Upsert(vectors.Select((v, i) => new IndexDocument($"v{i}", new SparseVector([1], [1f])) { Dense = v }));
                index.Delete("v0");
                var oracle = Oracle.Score(vectors, query);
                var queryL1 = query.Sum(x => (double)Math.Abs(x));
                var hits = index.SearchDense(query, new SearchOptions { K = k }).Hits;
                Assert.Equal(Math.Min(k, vectors.Length - 1), hits.Count);
                foreach (var hit in hits)
                {
                    var expected = oracle[int.Parse(hit.Id[1..], System.Globalization.CultureInfo.InvariantCulture)];
                    Assert.True(
                        Math.Abs(hit.Score - expected.Int8) <= (1e-5 * expected.Magnitude) + 1e-6,
                        $"{hit.Id}: {hit.Score} against the oracle's {expected.Int8}");
                    var bound = (expected.Scale / 2d * queryL1) + (1e-5 * expected.Magnitude) + 1e-6;
                    Assert.True(
                        Math.Abs(hit.Score - expected.Float32) <= bound,
                        $"{hit.Id}: {hit.Score} is {Math.Abs(hit.Score - expected.Float32)} from float32, over the bound {bound}");
                }

                // No document left out scores above the last hit, beyond float rounding.
                var returned = hits.Select(h => h.Id).ToHashSet();
                var worstKept = hits[^1].Score;
                for (var i = 1; i < vectors.Length; i++)
                {
                    Assert.True(
                        returned.Contains($"v{i}") || oracle[i].Int8 <= worstKept + (1e-5 * oracle[i].Magnitude) + 1e-6,
                        $"v{i} ({oracle[i].Int8}) was left out for {worstKept}");
                }

                var stored = index.Get("v1")!.Dense!;
                var codes = Oracle.Quantise(vectors[1], out var scale);
                Assert.Equal(codes.Select(c => scale * c), stored);
            }, iter: 150);
    }

    [Fact]
    public void Int8_top_10_recall_against_float32_is_high_on_normalised_random_data()
    {
        var random = new Random(20240611);
        const int dimension = 128, documents = 2000, queries = 50;
        var vectors = Enumerable.Range(0, documents).Select(_ => Oracle.Normalised(random, dimension)).ToArray();
        using var exact = Build(vectors, DensePrecision.Float32);
        using var int8 = Build(vectors, DensePrecision.Int8);
        double recall = 0;
        for (var q = 0; q < queries; q++)
        {
            var query = Oracle.Normalised(random, dimension);
            var expected = exact.SearchDense(query, new SearchOptions { K = 10 }).Hits.Select(h => h.Id).ToHashSet();
            recall += int8.SearchDense(query, new SearchOptions { K = 10 }).Hits.Count(h => expected.Contains(h.Id)) / 10d;
        }

        // Measured 0.994 with this seed (0.982 to 0.994 with seeds 1 to 5); the data is fixed, so only a different SIMD width's summation order could move it.
        Assert.True(recall / queries >= 0.95, $"recall@10 {recall / queries}");
    }

    [Fact]
    public void Filters_deletes_and_upserts_apply_to_int8_dense_search()
    {
        using var index = SparseIndex.CreateInMemory(new IndexOptions { DensePrecision = DensePrecision.Int8, FlushThreshold = 3 });
        for (var i = 0; i < 10; i++)
        {
            index.Upsert(new IndexDocument($"d{i}", new SparseVector([1], [1f]))
            {
                Dense = [i, 1f, -i],
                Metadata = new System.Text.Json.Nodes.JsonObject { ["even"] = i % 2 == 0 },
            });
        }

        index.Delete("d9");
        index.Upsert(new IndexDocument("d8", new SparseVector([1], [1f])) { Dense = [-100f, 0f, 0f] });
        var filter = MetadataFilter.Parse("""{"field":"even","eq":true}""");
        var hits = index.SearchDense([1f, 0f, 0f], new SearchOptions { K = 3, Filter = filter }).Hits;
        Assert.Equal(["d6", "d4", "d2"], hits.Select(h => h.Id));
        Assert.Equal(SearchAlgorithm.BruteForce, index.SearchDense([1f, 0f, 0f]).Algorithm);
        Assert.Equal(DensePrecision.Int8, index.GetStatistics().DensePrecision);
    }

    private static SparseIndex Build(float[][] vectors, DensePrecision precision)
    {
        var index = SparseIndex.CreateInMemory(new IndexOptions { DensePrecision = precision, FlushThreshold = 700, BackgroundMerge = false });
        index.Upsert(vectors.Select((v, i) => new IndexDocument($"d{i}", new SparseVector([1], [1f])) { Dense = v }));
        index.Flush();
        return index;
    }

    /// <summary>
    /// An independent implementation of the documented scheme: scale = max |x| / 127, code = round(x / scale), score = scale × dot(q, codes).
    /// </summary>
    internal static class Oracle
    {
        public static (double Int8, double Float32, double Scale, double Magnitude)[] Score(float[][] vectors, float[] query) =>
            vectors.Select(v =>
            {
                var codes = Quantise(v, out var scale);
                double int8 = 0, float32 = 0, magnitude = 0;
                for (var i = 0; i < v.Length; i++)
                {
                    int8 += (double)query[i] * codes[i];
                    float32 += (double)query[i] * v[i];
                    magnitude += Math.Abs((double)query[i] * codes[i]) + Math.Abs((double)query[i] * v[i]);
                }

                return (int8 * scale, float32, (double)scale, magnitude * Math.Max(scale, 1f));
            }).ToArray();

        public static int[] Quantise(float[] vector, out float scale)
        {
            var max = vector.Max(Math.Abs);
            var step = max / 127f;
            scale = step;
            return vector.Select(x => step > 0 ? (int)Math.Clamp(Math.Round(x / (double)step), -127, 127) : 0).ToArray();
        }

        public static float[] Normalised(Random random, int dimension)
        {
            var vector = new float[dimension];
            for (var i = 0; i < dimension; i++)
            {
                // Box-Muller: Gaussian components give directions uniform on the sphere.
                var gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                vector[i] = (float)gaussian;
            }

            var norm = MathF.Sqrt(vector.Sum(x => x * x));
            return vector.Select(x => x / norm).ToArray();
        }
    }
}
