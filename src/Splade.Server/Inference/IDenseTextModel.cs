namespace Splade.Server.Inference;

/// <summary>A sentence-embedding model that turns text into dense vectors.</summary>
internal interface IDenseTextModel : ITextModel
{
    /// <summary>The vectors' dimension.</summary>
    int Dimension { get; }

    /// <summary>Encodes texts, in order, as documents or as queries (the model's query prefix, where it has one).</summary>
    float[][] Encode(IReadOnlyList<string> texts, bool query, CancellationToken cancellationToken);
}
