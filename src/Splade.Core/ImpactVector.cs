namespace Splade.Core;

/// <summary>A sparse vector whose weights are integers, <c>round(weight * Scale)</c>, as Anserini and Lucene impact indexes store them.</summary>
/// <param name="Indices">Strictly increasing term indices.</param>
/// <param name="Impacts">One integer impact per index.</param>
/// <param name="Scale">The factor the float weights were multiplied by (Anserini uses 100 or 51.2).</param>
/// <param name="Dimension">The vocabulary size.</param>
internal sealed record ImpactVector(uint[] Indices, int[] Impacts, float Scale, uint Dimension)
{
    /// <summary>Converts back to float weights, <c>impact / Scale</c>.</summary>
    public SparseVector ToSparseVector()
    {
        ValidateScale(Scale);
        var values = new float[Impacts.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Impacts[i] / Scale;
        }

        return SparseVector.Wrap((uint[])Indices.Clone(), values, Dimension);
    }

    internal static void ValidateScale(float scale)
    {
        if (!float.IsFinite(scale) || scale <= 0f)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "The impact scale must be a positive finite number.");
        }
    }
}
