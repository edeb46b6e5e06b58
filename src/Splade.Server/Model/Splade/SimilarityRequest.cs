namespace Splade.Server.Model.Splade;

/// <summary>The body of <c>POST /splade/similarity</c>: the pairwise similarity of a few texts' SPLADE vectors.</summary>
internal sealed record SimilarityRequest
{
    public IReadOnlyList<string>? Texts { get; init; }

    /// <summary>A SPLADE model name (default <c>splade</c>).</summary>
    public string? Model { get; init; }

    /// <summary><c>cosine</c> (default) or <c>dot</c>.</summary>
    public string? Metric { get; init; }

    /// <summary><c>json</c> (default) or <c>png</c> (a heatmap image).</summary>
    public string? Format { get; init; }
}

/// <summary>The JSON result of <c>POST /splade/similarity</c>.</summary>
/// <param name="Texts">The texts, in order.</param>
/// <param name="Metric">cosine or dot.</param>
/// <param name="Matrix">Row i, column j: the similarity of texts i and j.</param>
internal sealed record SimilarityResult(IReadOnlyList<string> Texts, string Metric, IReadOnlyList<IReadOnlyList<float>> Matrix);
