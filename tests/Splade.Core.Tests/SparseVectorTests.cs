using System.Text.Json;
using CsCheck;
using Splade.Core;

namespace Splade.Core.Tests;

public class SparseVectorTests
{
    private static readonly Gen<SparseVector> Vectors =
        Gen.Dictionary(Gen.UInt[0, 400], Gen.Float[-4f, 4f])[0, 60]
            .Select(entries => SparseVector.FromDictionary(entries, 401));

    private static double NaiveDot(SparseVector a, SparseVector b)
    {
        var left = a.ToDictionary();
        var sum = 0.0;
        foreach (var (index, value) in b.ToDictionary())
        {
            if (left.TryGetValue(index, out var other))
            {
                sum += (double)value * other;
            }
        }

        return sum;
    }

    [Fact]
    public void Dot_of_two_vectors_sums_products_of_shared_indices()
    {
        var a = new SparseVector([1, 5, 9], [1f, 2f, 3f]);
        var b = new SparseVector([0, 5, 9, 12], [7f, 4f, 0.5f, 1f]);
        Assert.Equal((2f * 4f) + (3f * 0.5f), a.Dot(b));
    }

    [Fact]
    public void Dot_matches_a_dictionary_oracle() =>
        Gen.Select(Vectors, Vectors).Sample((a, b) => Math.Abs(a.Dot(b) - NaiveDot(a, b)) <= 1e-3 * (1 + Math.Abs(NaiveDot(a, b))));

    [Fact]
    public void Dot_with_dense_equals_sparse_dot() =>
        Gen.Select(Vectors, Vectors).Sample((a, b) =>
        {
            var dense = new float[401];
            foreach (var (index, value) in b.ToDictionary())
            {
                dense[index] = value;
            }

            return Math.Abs(a.Dot(dense) - a.Dot(b)) <= 1e-3 * (1 + Math.Abs(a.Dot(b)));
        });

    [Fact]
    public void Cosine_is_within_unit_range_and_one_with_itself() =>
        Vectors.Where(v => v.L2Norm() > 1e-3f).Sample(v => Math.Abs(v.Cosine(v) - 1f) < 1e-4f);

    [Fact]
    public void Cosine_with_an_empty_vector_is_zero() =>
        Assert.Equal(0f, new SparseVector([2], [1f]).Cosine(SparseVector.Empty));

    [Theory]
    [InlineData(new uint[] { 3, 7, 5 }, new float[] { 1, 1, 1 }, "indices[2]")]
    [InlineData(new uint[] { 3, 3 }, new float[] { 1, 1 }, "indices[1] = 3 duplicates")]
    [InlineData(new uint[] { 1, 2 }, new float[] { 1, float.NaN }, "values[1]")]
    [InlineData(new uint[] { 1, 2 }, new float[] { float.PositiveInfinity, 1 }, "values[0]")]
    [InlineData(new uint[] { 1, 2 }, new float[] { 1 }, "2 indices and 1 values")]
    public void Invalid_vectors_are_rejected_naming_the_position(uint[] indices, float[] values, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => new SparseVector(indices, values));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Index_beyond_dimension_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new SparseVector([5, 30522], [1f, 2f], 30522));
        Assert.Contains("indices[1] = 30522 is beyond the vector's dimension 30522", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TopK_keeps_the_heaviest_entries_sorted_by_index() =>
        Gen.Select(Vectors, Gen.Int[0, 70]).Sample((v, k) =>
        {
            var top = v.TopK(k);
            var expected = v.ToDictionary().OrderByDescending(e => e.Value).ThenBy(e => e.Key).Take(k).Select(e => e.Key).Order().ToArray();
            return top.Indices.ToArray().SequenceEqual(expected) && top.Indices.ToArray().SequenceEqual(top.Indices.ToArray().Order());
        });

    [Fact]
    public void Prune_keeps_entries_at_or_above_the_threshold() =>
        Gen.Select(Vectors, Gen.Float[-4f, 4f]).Sample((v, threshold) =>
        {
            var pruned = v.Prune(threshold);
            var expected = v.ToDictionary().Where(e => e.Value >= threshold).Select(e => e.Key).Order().ToArray();
            return pruned.Indices.ToArray().SequenceEqual(expected);
        });

    [Fact]
    public void Json_round_trips_in_the_indices_values_shape()
    {
        Vectors.Sample(v => SparseVector.FromJson(v.ToJson()).WithDimension(v.Dimension).Equals(v));
        var json = new SparseVector([4, 9], [0.5f, 1.25f]).ToJson();
        Assert.Equal("""{"indices":[4,9],"values":[0.5,1.25]}""", json);
    }

    [Theory]
    [InlineData("""{"indices":[1,1],"values":[1,2]}""", "indices[1] = 1 duplicates")]
    [InlineData("""{"indices":[1],"values":["x"]}""", "\"values\"[0] must be a number")]
    [InlineData("""{"indices":[1]}""", "\"values\" is missing")]
    [InlineData("""{"indices":[-1],"values":[1]}""", "not a non-negative 32-bit integer")]
    [InlineData("""[1,2]""", "must be a JSON object")]
    public void Bad_json_is_a_clear_error(string json, string expected)
    {
        var error = Assert.Throws<JsonException>(() => SparseVector.FromJson(json));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dictionary_round_trip_preserves_entries() =>
        Vectors.Sample(v => SparseVector.FromDictionary(v.ToDictionary(), v.Dimension).Equals(v));

    [Fact]
    public void Impacts_round_to_the_scale_and_convert_back_within_half_a_step() =>
        Gen.Select(Vectors, Gen.OneOfConst(100f, 51.2f)).Sample((v, scale) =>
        {
            var back = v.ToImpacts(scale).ToSparseVector();
            foreach (var (index, value) in v.ToDictionary())
            {
                if (Math.Abs(back[index] - value) > (0.5f / scale) + 1e-5f)
                {
                    return false;
                }
            }

            return true;
        });

    [Fact]
    public void Impacts_reject_a_non_positive_scale() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SparseVector([1], [1f]).ToImpacts(0f));

    [Fact]
    public void Readable_form_lists_terms_heaviest_first()
    {
        var vector = new SparseVector([1, 2, 3], [0.5f, 2f, 1f]);
        var readable = vector.ToReadable(i => $"t{i}", top: 2);
        Assert.Equal(["t2", "t3"], readable.Select(t => t.Term));
        Assert.Equal([2f, 1f], readable.Select(t => t.Weight));
    }

    [Fact]
    public void FromDense_keeps_only_non_zero_entries()
    {
        var vector = SparseVector.FromDense([0f, 1.5f, 0f, -2f]);
        Assert.Equal([1u, 3u], vector.Indices.ToArray());
        Assert.Equal(4u, vector.Dimension);
    }
}
