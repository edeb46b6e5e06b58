namespace Splade.Index;

/// <summary>The parameters of one block encoded by <see cref="WeightQuantizer"/>.</summary>
/// <param name="Precision">The encoding.</param>
/// <param name="Minimum">The smallest weight of the block.</param>
/// <param name="Maximum">The largest weight of the block.</param>
public readonly record struct QuantizedBlock(WeightPrecision Precision, float Minimum, float Maximum)
{
    /// <summary>The 8-bit grid step: (max - min) / 255.</summary>
    public float Step => Segments.PostingImpacts.Step(Minimum, Maximum);
}
