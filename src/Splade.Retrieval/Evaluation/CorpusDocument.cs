namespace Splade.Retrieval.Evaluation;

/// <summary>One document of a test collection.</summary>
/// <param name="Id">The document's id, unique in its corpus.</param>
/// <param name="Title">The title; empty when the document has none.</param>
/// <param name="Text">The body text; may be empty when the title carries the content.</param>
/// <remarks>Thread safety: an immutable value; it may be shared between threads.</remarks>
public sealed record CorpusDocument(string Id, string Title, string Text)
{
    /// <summary>The text retrieval methods index: the title and the body, separated by a space when both exist.</summary>
    public string FullText => Title.Length == 0 ? Text : Text.Length == 0 ? Title : $"{Title} {Text}";
}
