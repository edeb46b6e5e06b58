using System.Buffers;
using System.Collections.Frozen;

namespace Splade.Retrieval.Analysis;

/// <summary>English text analysis comparable with Lucene's EnglishAnalyzer: word tokens, lower case, no possessive
/// <c>'s</c>, no stop words, Porter stems.</summary>
/// <remarks>
/// <para>The steps, in order: split into word tokens by Unicode word rules (letters and digits, with apostrophes and
/// periods inside words kept); remove a trailing possessive <c>'s</c> (also with the typographic apostrophe); lower-case;
/// drop the 33 English stop words of Lucene's default English stop set; stem with the original Porter algorithm.</para>
/// <para>The analyzer is stateless and thread-safe; use <see cref="Instance"/>.</para>
/// <para>Thread safety: stateless; every member may be called from any thread at the same time.</para>
/// </remarks>
public sealed class EnglishAnalyzer : ITextAnalyzer
{
    private static readonly FrozenSet<string> StopWordSet = FrozenSet.Create(StringComparer.Ordinal,
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it", "no", "not", "of",
        "on", "or", "such", "that", "the", "their", "then", "there", "these", "they", "this", "to", "was", "will", "with");

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> StopWordLookup =
        StopWordSet.GetAlternateLookup<ReadOnlySpan<char>>();

    private EnglishAnalyzer()
    {
    }

    /// <summary>The shared instance.</summary>
    public static EnglishAnalyzer Instance { get; } = new();

    /// <summary>The English stop words this analyzer drops (Lucene's default English stop set).</summary>
    public static IReadOnlySet<string> StopWords => StopWordSet;

    /// <inheritdoc />
    public string Name => "english";

    /// <inheritdoc />
    public void Analyze(ReadOnlySpan<char> text, ITermSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var buffer = ArrayPool<char>.Shared.Rent(WordTokenizer.MaxTokenLength);
        try
        {
            var position = 0;
            while (WordTokenizer.Next(text, ref position, out var range))
            {
                var token = text[range];
                var length = token.ToLowerInvariant(buffer);
                length = WithoutPossessive(buffer.AsSpan(0, length));
                var term = buffer.AsSpan(0, length);
                if (length == 0 || StopWordLookup.Contains(term))
                {
                    continue;
                }

                length = PorterStemmer.Stem(term);
                sink.Accept(buffer.AsSpan(0, length));
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private static int WithoutPossessive(ReadOnlySpan<char> term)
    {
        var length = term.Length;
        return length >= 2 && term[length - 1] == 's' && term[length - 2] is '\'' or '\u2019' or '\uFF07' ? length - 2 : length;
    }
}
