namespace Splade.Retrieval.Analysis;

/// <summary>Convenience forms of <see cref="ITextAnalyzer"/> for callers that want strings.</summary>
internal static class TextAnalyzerExtensions
{
    /// <summary>Analyzes <paramref name="text"/> and returns its terms as strings, in text order.</summary>
    /// <param name="analyzer">The analyzer.</param>
    /// <param name="text">The text to analyze.</param>
    /// <returns>The terms.</returns>
    public static IReadOnlyList<string> AnalyzeToList(this ITextAnalyzer analyzer, string text)
    {
        ArgumentNullException.ThrowIfNull(analyzer);
        ArgumentNullException.ThrowIfNull(text);
        var collector = new StringCollector();
        analyzer.Analyze(text, collector);
        return collector.Terms;
    }

    private sealed class StringCollector : ITermSink
    {
        public List<string> Terms { get; } = [];

        public void Accept(ReadOnlySpan<char> term) => Terms.Add(term.ToString());
    }
}
