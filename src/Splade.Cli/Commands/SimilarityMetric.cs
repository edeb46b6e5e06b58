namespace Splade.Cli.Commands;

/// <summary>How <c>splade similarity</c> compares two vectors (<c>--metric</c>).</summary>
internal enum SimilarityMetric
{
    /// <summary>The cosine of the angle between them.</summary>
    Cosine,

    /// <summary>Their dot product, the score search ranks by.</summary>
    Dot,
}
