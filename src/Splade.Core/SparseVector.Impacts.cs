namespace Splade.Core;

public sealed partial class SparseVector
{
    /// <summary>The scale Anserini uses to turn SPLADE weights into integer impacts.</summary>
    public const float DefaultImpactScale = 100f;

    /// <summary>
    /// Quantizes the weights to integer impacts, <c>round(weight * scale)</c>, as impact-based inverted indexes store them.
    /// Entries that round to zero are dropped.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="scale"/> is not a positive finite number.</exception>
    /// <exception cref="OverflowException">A scaled weight does not fit in an <see cref="int"/>.</exception>
    internal ImpactVector ToImpacts(float scale = DefaultImpactScale)
    {
        ImpactVector.ValidateScale(scale);
        var indices = new List<uint>(Count);
        var impacts = new List<int>(Count);
        for (var i = 0; i < _values.Length; i++)
        {
            var scaled = Math.Round((double)_values[i] * scale, MidpointRounding.AwayFromZero);
            if (scaled is > int.MaxValue or < int.MinValue)
            {
                throw new OverflowException($"values[{i}] = {_values[i]} times scale {scale} does not fit in a 32-bit impact.");
            }

            if (scaled != 0)
            {
                indices.Add(_indices[i]);
                impacts.Add((int)scaled);
            }
        }

        return new ImpactVector([.. indices], [.. impacts], scale, Dimension);
    }
}
