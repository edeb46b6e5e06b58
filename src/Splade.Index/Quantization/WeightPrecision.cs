namespace Splade.Index;

/// <summary>How weights are stored by <see cref="WeightQuantizer"/>.</summary>
public enum WeightPrecision
{
    /// <summary>IEEE single precision: exact.</summary>
    Full,

    /// <summary>IEEE half precision: relative error at most 2^-11 (about 0.05%) for magnitudes from 6.1e-5 to 65504; absolute error at most 2^-25 below that.</summary>
    Half,

    /// <summary>8-bit codes on a linear grid from the block's minimum to its maximum: absolute error at most (max - min) / 510.</summary>
    EightBit,
}
