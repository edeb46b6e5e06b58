using System.Globalization;

namespace Splade.Retrieval.Analysis;

/// <summary>Finds word tokens the way Unicode word segmentation (UAX #29) does for alphabetic text.</summary>
/// <remarks>
/// A token is a run of letters, digits and connector punctuation (<c>_</c>) with combining marks attached. Letters
/// stay joined across an apostrophe, period or colon between two letters (<c>don't</c>, <c>u.s.a</c>); digits stay joined
/// across a period, comma, semicolon or apostrophe between two digits (<c>3.14</c>, <c>1,000</c>). Letters and digits
/// join each other (<c>h2o</c>). Each CJK ideograph or hiragana character is a token of its own. Tokens without any
/// letter or digit, and tokens longer than <see cref="MaxTokenLength"/>, are dropped.
/// </remarks>
internal static class WordTokenizer
{
    /// <summary>The longest token kept; longer runs are dropped whole.</summary>
    public const int MaxTokenLength = 255;

    private enum CharClass
    {
        Other,
        Letter,
        Digit,
        Connector,
        Extend,
        MidLetter,
        MidNumLet,
        MidNum,
        Ideograph,
    }

    /// <summary>Finds the next token at or after <paramref name="position"/>; advances the position past it.</summary>
    public static bool Next(ReadOnlySpan<char> text, ref int position, out Range token)
    {
        var i = position;
        while (i < text.Length)
        {
            var kind = Classify(text[i]);
            if (kind == CharClass.Ideograph)
            {
                position = i + 1;
                token = new Range(i, i + 1);
                return true;
            }

            if (kind is not (CharClass.Letter or CharClass.Digit or CharClass.Connector))
            {
                i++;
                continue;
            }

            var start = i;
            var end = ScanWord(text, start, out var hasLetterOrDigit);
            i = end;
            if (hasLetterOrDigit && end - start <= MaxTokenLength)
            {
                position = end;
                token = new Range(start, end);
                return true;
            }
        }

        position = text.Length;
        token = default;
        return false;
    }

    private static int ScanWord(ReadOnlySpan<char> text, int start, out bool hasLetterOrDigit)
    {
        var last = Classify(text[start]);
        hasLetterOrDigit = last is CharClass.Letter or CharClass.Digit;
        var i = start + 1;
        while (i < text.Length)
        {
            var kind = Classify(text[i]);
            if (kind is CharClass.Letter or CharClass.Digit or CharClass.Connector)
            {
                hasLetterOrDigit |= kind != CharClass.Connector;
                last = kind;
                i++;
            }
            else if (kind == CharClass.Extend)
            {
                i++;
            }
            else if (i + 1 < text.Length && JoinsAcross(last, kind, Classify(text[i + 1])))
            {
                i += 2;
            }
            else
            {
                break;
            }
        }

        return i;
    }

    private static bool JoinsAcross(CharClass before, CharClass middle, CharClass after) => middle switch
    {
        CharClass.MidLetter => before == CharClass.Letter && after == CharClass.Letter,
        CharClass.MidNumLet => before == after && before is CharClass.Letter or CharClass.Digit,
        CharClass.MidNum => before == CharClass.Digit && after == CharClass.Digit,
        _ => false,
    };

    private static CharClass Classify(char c)
    {
        if (c < 0x80)
        {
            return c switch
            {
                >= 'a' and <= 'z' or >= 'A' and <= 'Z' => CharClass.Letter,
                >= '0' and <= '9' => CharClass.Digit,
                '_' => CharClass.Connector,
                '\'' or '.' => CharClass.MidNumLet,
                ':' => CharClass.MidLetter,
                ',' or ';' => CharClass.MidNum,
                _ => CharClass.Other,
            };
        }

        return c switch
        {
            '\u2018' or '\u2019' or '\u2024' or '\uFE52' or '\uFF07' or '\uFF0E' => CharClass.MidNumLet,
            '\u00B7' or '\u0387' or '\u05F4' or '\u2027' or '\uFE13' or '\uFE55' or '\uFF1A' => CharClass.MidLetter,
            '\u037E' or '\u0589' or '\u060C' or '\u060D' or '\u066C' or '\u07F8' or '\u2044'
                or '\uFE10' or '\uFE14' or '\uFE50' or '\uFE54' or '\uFF0C' or '\uFF1B' => CharClass.MidNum,
            >= '\u3040' and <= '\u309F' or >= '\u3400' and <= '\u4DBF' or >= '\u4E00' and <= '\u9FFF' => CharClass.Ideograph,
            _ => ClassifyByCategory(c),
        };
    }

    private static CharClass ClassifyByCategory(char c) => CharUnicodeInfo.GetUnicodeCategory(c) switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter => CharClass.Letter,
        UnicodeCategory.DecimalDigitNumber => CharClass.Digit,
        UnicodeCategory.ConnectorPunctuation => CharClass.Connector,
        UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark
            or UnicodeCategory.Format => CharClass.Extend,
        _ => CharClass.Other,
    };
}
