namespace Splade.Retrieval.Analysis;

/// <summary>Turns text into the sequence of index terms that lexical retrieval counts.</summary>
/// <remarks>
/// An analyzer is stateless and thread-safe: the same instance analyzes documents and queries, so both sides
/// of a lexical match agree on what a term is.
/// <para>Thread safety: implementations must be stateless and thread-safe (above).</para>
/// </remarks>
public interface ITextAnalyzer
{
    /// <summary>A short name for reports, such as <c>english</c> or <c>wordpiece</c>.</summary>
    string Name { get; }

    /// <summary>Analyzes <paramref name="text"/> and hands each term, in text order, to <paramref name="sink"/>.</summary>
    /// <param name="text">The text to analyze.</param>
    /// <param name="sink">Receives the terms.</param>
    void Analyze(ReadOnlySpan<char> text, ITermSink sink);
}
