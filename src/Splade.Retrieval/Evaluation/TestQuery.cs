namespace Splade.Retrieval.Evaluation;

/// <summary>One query of a test collection.</summary>
/// <param name="Id">The query's id, unique in its collection.</param>
/// <param name="Text">The query text.</param>
public sealed record TestQuery(string Id, string Text);
