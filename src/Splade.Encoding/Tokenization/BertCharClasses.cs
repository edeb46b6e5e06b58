using System.Globalization;

namespace Splade.Encoding.Tokenization;

/// <summary>
/// The character classes BERT's normalizer and pre-tokenizer use, defined on Unicode scalar values exactly as the reference
/// implementation defines them (its own whitespace, control, punctuation and CJK sets), independent of the process culture.
/// </summary>
internal static class BertCharClasses
{
    /// <summary>The Unicode White_Space property: what the pre-tokenizer splits on.</summary>
    public static bool IsWhitespace(int codePoint) => codePoint switch
    {
        >= 0x09 and <= 0x0D => true,
        0x20 or 0x85 or 0xA0 or 0x1680 => true,
        >= 0x2000 and <= 0x200A => true,
        0x2028 or 0x2029 or 0x202F or 0x205F or 0x3000 => true,
        _ => false,
    };

    /// <summary>
    /// Characters the text cleaner drops: every "other" category (control, format, unassigned, private use, surrogate)
    /// except tab, line feed and carriage return, which count as whitespace.
    /// </summary>
    public static bool IsControl(int codePoint)
    {
        if (codePoint is '\t' or '\n' or '\r')
        {
            return false;
        }

        if (codePoint < 0x7F)
        {
            return codePoint < 0x20;
        }

        return CharUnicodeInfo.GetUnicodeCategory(codePoint) is UnicodeCategory.Control or UnicodeCategory.Format
            or UnicodeCategory.OtherNotAssigned or UnicodeCategory.PrivateUse or UnicodeCategory.Surrogate;
    }

    /// <summary>ASCII punctuation (which includes symbols such as <c>$</c>, <c>+</c>, <c>^</c>) or any Unicode P* category.</summary>
    public static bool IsPunctuation(int codePoint)
    {
        if (codePoint < 0x80)
        {
            return codePoint is (>= 0x21 and <= 0x2F) or (>= 0x3A and <= 0x40) or (>= 0x5B and <= 0x60) or (>= 0x7B and <= 0x7E);
        }

        return CharUnicodeInfo.GetUnicodeCategory(codePoint) is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
            or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
            or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation;
    }

    /// <summary>The CJK ideograph blocks that BERT surrounds with spaces so that each ideograph becomes its own word.</summary>
    public static bool IsChineseCharacter(int codePoint) => codePoint switch
    {
        >= 0x4E00 and <= 0x9FFF => true,
        >= 0x3400 and <= 0x4DBF => true,
        >= 0x20000 and <= 0x2A6DF => true,
        >= 0x2A700 and <= 0x2B73F => true,
        >= 0x2B740 and <= 0x2B81F => true,
        >= 0x2B920 and <= 0x2CEAF => true,
        >= 0xF900 and <= 0xFAFF => true,
        >= 0x2F800 and <= 0x2FA1F => true,
        _ => false,
    };

    /// <summary>Whether the code point is a non-spacing mark (category Mn), the marks accent stripping removes.</summary>
    public static bool IsNonSpacingMark(int codePoint) =>
        codePoint >= 0x300 && CharUnicodeInfo.GetUnicodeCategory(codePoint) == UnicodeCategory.NonSpacingMark;
}
