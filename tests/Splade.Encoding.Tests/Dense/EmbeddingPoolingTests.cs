using CsCheck;
using Splade.Encoding.Dense;

namespace Splade.Encoding.Tests.Dense;

public sealed class EmbeddingPoolingTests
{
    private static readonly Gen<(int Hidden, int Sequence, int Tokens, float[] States)> States =
        from hidden in Gen.Int[1, 40]
        from sequence in Gen.Int[1, 12]
        from tokens in Gen.Int[1, sequence]
        from states in Gen.Float[-10f, 10f].Array[hidden * sequence]
        select (hidden, sequence, tokens, states);

    [Fact]
    public void Mean_pooling_averages_only_the_real_tokens()
    {
        States.Sample(s =>
        {
            var pooled = new float[s.Hidden];
            EmbeddingPooling.Pool(s.States, s.Hidden, s.Tokens, DensePooling.Mean, pooled);

            for (var d = 0; d < s.Hidden; d++)
            {
                double sum = 0;
                for (var t = 0; t < s.Tokens; t++)
                {
                    sum += s.States[(t * s.Hidden) + d];
                }

                Assert.True(Math.Abs((sum / s.Tokens) - pooled[d]) < 1e-4, $"dimension {d}: {sum / s.Tokens} vs {pooled[d]}");
            }
        });
    }

    [Fact]
    public void Cls_pooling_takes_the_first_token()
    {
        States.Sample(s =>
        {
            var pooled = new float[s.Hidden];
            EmbeddingPooling.Pool(s.States, s.Hidden, s.Tokens, DensePooling.Cls, pooled);

            Assert.Equal(s.States.AsSpan(0, s.Hidden).ToArray(), pooled);
        });
    }

    [Fact]
    public void Normalisation_gives_unit_norm_and_keeps_direction()
    {
        Gen.Float[-10f, 10f].Array[1, 50].Where(v => v.Any(x => Math.Abs(x) > 1e-3f)).Sample(vector =>
        {
            var normalized = vector.ToArray();
            EmbeddingPooling.Normalize(normalized);

            var norm = Math.Sqrt(vector.Sum(x => (double)x * x));
            for (var i = 0; i < vector.Length; i++)
            {
                Assert.True(Math.Abs((vector[i] / norm) - normalized[i]) < 1e-5, $"position {i}: {vector[i] / norm} vs {normalized[i]}");
            }
        });
    }
}
