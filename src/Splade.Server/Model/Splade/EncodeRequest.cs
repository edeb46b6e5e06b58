namespace Splade.Server.Model.Splade;

/// <summary>The body of <c>POST /splade/encode</c>: texts to sparse vectors with readable tokens.</summary>
internal sealed record EncodeRequest
{
    public IReadOnlyList<string>? Texts { get; init; }

    /// <summary>A SPLADE model name (default <c>splade</c>) or <c>bm25</c>.</summary>
    public string? Model { get; init; }

    /// <summary><c>document</c> (default) or <c>query</c> (the model's query settings).</summary>
    public string? Side { get; init; }

    /// <summary>How many of the heaviest terms to list per text (default all).</summary>
    public int? Top { get; init; }
}

/// <summary>The result of <c>POST /splade/encode</c>.</summary>
/// <param name="Model">The model used.</param>
/// <param name="Side">document or query.</param>
/// <param name="Vectors">One per text, in order.</param>
internal sealed record EncodeResult(string Model, string Side, IReadOnlyList<EncodedText> Vectors);

/// <summary>One text's sparse vector.</summary>
/// <param name="Text">The text.</param>
/// <param name="Indices">The term indices, ascending.</param>
/// <param name="Values">Their weights.</param>
/// <param name="Terms">The heaviest terms first, with tokens and whether each is an expansion term (not in the text).</param>
internal sealed record EncodedText(string Text, IReadOnlyList<uint> Indices, IReadOnlyList<float> Values, IReadOnlyList<EncodedTerm> Terms);

/// <summary>One term of an encoded text.</summary>
/// <param name="Index">The term index.</param>
/// <param name="Token">Its readable token.</param>
/// <param name="Weight">Its weight.</param>
/// <param name="Expansion">True when the text does not contain it (the model added it).</param>
internal sealed record EncodedTerm(uint Index, string? Token, float Weight, bool Expansion);
