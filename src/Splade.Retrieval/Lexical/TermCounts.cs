using Splade.Retrieval.Analysis;

namespace Splade.Retrieval.Lexical;

/// <summary>The distinct term ids of one text, ascending, with how often each occurs, and the text's token count.</summary>
internal sealed record TermCounts(uint[] Ids, int[] Counts, int Length)
{
    /// <summary>Analyzes <paramref name="text"/>, adding new terms to <paramref name="terms"/>.</summary>
    public static TermCounts FromText(ReadOnlySpan<char> text, ITextAnalyzer analyzer, TermVocabulary terms, List<uint> scratch)
    {
        scratch.Clear();
        analyzer.Analyze(text, new AddingSink(terms, scratch));
        return FromIds(scratch);
    }

    /// <summary>Analyzes <paramref name="text"/>, keeping only terms already in <paramref name="terms"/>; the length
    /// counts every token.</summary>
    public static TermCounts FromKnownTerms(ReadOnlySpan<char> text, ITextAnalyzer analyzer, TermVocabulary terms, List<uint> scratch)
    {
        scratch.Clear();
        var sink = new LookupSink(terms, scratch);
        analyzer.Analyze(text, sink);
        var counts = FromIds(scratch);
        return counts with { Length = sink.Tokens };
    }

    private static TermCounts FromIds(List<uint> ids)
    {
        if (ids.Count == 0)
        {
            return new TermCounts([], [], 0);
        }

        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(ids);
        span.Sort();
        var distinct = 1;
        for (var i = 1; i < span.Length; i++)
        {
            if (span[i] != span[i - 1])
            {
                distinct++;
            }
        }

        var unique = new uint[distinct];
        var counts = new int[distinct];
        var slot = 0;
        unique[0] = span[0];
        counts[0] = 1;
        for (var i = 1; i < span.Length; i++)
        {
            if (span[i] != span[i - 1])
            {
                slot++;
                unique[slot] = span[i];
            }

            counts[slot]++;
        }

        return new TermCounts(unique, counts, span.Length);
    }

    private sealed class AddingSink(TermVocabulary terms, List<uint> ids) : ITermSink
    {
        public void Accept(ReadOnlySpan<char> term) => ids.Add(terms.GetOrAdd(term));
    }

    private sealed class LookupSink(TermVocabulary terms, List<uint> ids) : ITermSink
    {
        public int Tokens { get; private set; }

        public void Accept(ReadOnlySpan<char> term)
        {
            Tokens++;
            if (terms.TryGetId(term, out var id))
            {
                ids.Add(id);
            }
        }
    }
}
