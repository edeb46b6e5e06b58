namespace Splade.Retrieval.Hybrid;

/// <summary>One entry of a retriever's ranked list: a document id and its score.</summary>
/// <param name="Id">The document id.</param>
/// <param name="Score">The retriever's score; higher is better.</param>
public readonly record struct RankedDocument(string Id, float Score);
