namespace Splade.Retrieval.Evaluation;

/// <summary>A retrieved document and the score its retrieval method gave it.</summary>
/// <param name="Id">The document id.</param>
/// <param name="Score">The score; higher is better.</param>
public readonly record struct ScoredDocument(string Id, float Score);
