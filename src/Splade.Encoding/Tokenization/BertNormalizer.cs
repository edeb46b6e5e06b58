using System.Collections.Concurrent;
using System.Text;

namespace Splade.Encoding.Tokenization;

/// <summary>
/// BERT's text normalizer, applied one Unicode scalar value at a time: clean (drop controls, map whitespace to a space),
/// pad CJK ideographs with spaces, strip accents (canonical decomposition, then drop non-spacing marks), lowercase.
/// </summary>
/// <remarks>
/// Every step of the reference normalizer maps each input character to zero or more output characters independently of
/// its neighbours, so the whole normalizer is a function of one scalar value. Results are computed once per distinct
/// scalar value and cached: a lazily filled table for the Basic Multilingual Plane, a dictionary above it.
/// </remarks>
internal sealed class BertNormalizer
{
    private const int BasicPlaneSize = 0x10000;
    private const int DottedCapitalI = 0x130;

    private readonly WordPieceTokenizerOptions _options;
    private readonly bool _stripAccents;
    private readonly string?[] _basicPlane = new string?[BasicPlaneSize];
    private readonly ConcurrentDictionary<int, string> _supplementary = new();

    public BertNormalizer(WordPieceTokenizerOptions options)
    {
        _options = options;
        _stripAccents = options.StripAccents ?? options.Lowercase;
        for (var c = 0; c < 0x80; c++)
        {
            _basicPlane[c] = Compute(c);
        }
    }

    /// <summary>The normalized form of one scalar value; empty when the character is dropped.</summary>
    public string Normalize(int codePoint)
    {
        if (codePoint < BasicPlaneSize)
        {
            return _basicPlane[codePoint] ??= Compute(codePoint);
        }

        return _supplementary.GetOrAdd(codePoint, Compute);
    }

    private string Compute(int codePoint)
    {
        if (_options.CleanText)
        {
            if (codePoint is 0 or 0xFFFD || BertCharClasses.IsControl(codePoint))
            {
                return string.Empty;
            }

            if (BertCharClasses.IsWhitespace(codePoint))
            {
                return " ";
            }
        }

        var text = _stripAccents ? StripAccents(codePoint) : char.ConvertFromUtf32(codePoint);
        if (_options.Lowercase)
        {
            text = Lowercase(text);
        }

        return _options.HandleChineseCharacters && BertCharClasses.IsChineseCharacter(codePoint) ? $" {text} " : text;
    }

    private static string StripAccents(int codePoint)
    {
        var decomposed = CanonicalDecomposition.Decompose(codePoint);
        var kept = new StringBuilder(decomposed.Length);
        foreach (var rune in decomposed.EnumerateRunes())
        {
            if (!BertCharClasses.IsNonSpacingMark(rune.Value))
            {
                kept.Append(rune.ToString());
            }
        }

        return kept.ToString();
    }

    private static string Lowercase(string text)
    {
        var lowered = new StringBuilder(text.Length + 1);
        foreach (var rune in text.EnumerateRunes())
        {
            // The full lowercase mapping of U+0130 is two characters; the simple mapping loses the combining dot.
            if (rune.Value == DottedCapitalI)
            {
                lowered.Append("i\u0307");
            }
            else
            {
                lowered.Append(Rune.ToLowerInvariant(rune).ToString());
            }
        }

        return lowered.ToString();
    }
}
