namespace Splade.Cli.Output;

/// <summary>What <c>splade explain --json</c> prints: the vector's size and its heaviest terms.</summary>
internal sealed record ExplainOutput(int NonZeroTerms, IReadOnlyList<ExplainTerm> Terms);

/// <summary>One term of <see cref="ExplainOutput"/>.</summary>
internal sealed record ExplainTerm(int Rank, string Term, uint Id, float Weight);

/// <summary>What <c>splade similarity --json</c> prints: the texts and their similarity matrix, row by row in input order.</summary>
internal sealed record SimilarityOutput(string Metric, IReadOnlyList<string> Texts, IReadOnlyList<double[]> Matrix);
