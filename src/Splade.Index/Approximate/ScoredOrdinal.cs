namespace Splade.Index.Approximate;

/// <summary>A search hit: a document ordinal and its exact score against the query.</summary>
/// <param name="Ordinal">The document's ordinal in the forward index.</param>
/// <param name="Score">The exact dot product of the query and the document.</param>
internal readonly record struct ScoredOrdinal(int Ordinal, float Score);
