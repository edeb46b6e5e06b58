namespace Splade.Retrieval.Evaluation;

/// <summary>One query of a test collection.</summary>
/// <param name="Id">The query's id, unique in its collection.</param>
/// <param name="Text">The query text.</param>
/// <remarks>Thread safety: an immutable value; it may be shared between threads.</remarks>
public sealed record TestQuery(string Id, string Text);
