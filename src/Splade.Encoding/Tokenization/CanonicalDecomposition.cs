using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace Splade.Encoding.Tokenization;

/// <summary>
/// Canonical decomposition (Unicode NFD) of single code points, from a table shipped with the library, so that accent
/// stripping does not depend on the platform's normalization support (absent under invariant globalization).
/// </summary>
/// <remarks>
/// The table <c>Data/canonical-decompositions.txt</c> holds every fully applied canonical decomposition except Hangul
/// syllables, which decompose arithmetically into conjoining jamo. <c>Data/generate_canonical_decompositions.py</c>
/// regenerates it.
/// </remarks>
internal static class CanonicalDecomposition
{
    private const string ResourceName = "Splade.Encoding.Tokenization.canonical-decompositions.txt";
    private const int HangulSyllableBase = 0xAC00;
    private const int HangulSyllableCount = 11172;
    private const int LeadingJamoBase = 0x1100;
    private const int VowelJamoBase = 0x1161;
    private const int TrailingJamoBase = 0x11A7;
    private const int VowelCount = 21;
    private const int TrailingCount = 28;

    private static readonly Lazy<FrozenDictionary<int, string>> Table = new(Load);

    /// <summary>The NFD form of <paramref name="codePoint"/>, as a string.</summary>
    public static string Decompose(int codePoint)
    {
        var syllable = codePoint - HangulSyllableBase;
        if (syllable is >= 0 and < HangulSyllableCount)
        {
            var leading = (char)(LeadingJamoBase + (syllable / (VowelCount * TrailingCount)));
            var vowel = (char)(VowelJamoBase + (syllable % (VowelCount * TrailingCount) / TrailingCount));
            var trailing = syllable % TrailingCount;
            return trailing == 0 ? string.Concat(leading, vowel) : string.Concat(leading, vowel, (char)(TrailingJamoBase + trailing));
        }

        return Table.Value.TryGetValue(codePoint, out var decomposed) ? decomposed : char.ConvertFromUtf32(codePoint);
    }

    private static FrozenDictionary<int, string> Load()
    {
        using var stream = typeof(CanonicalDecomposition).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from the assembly.");
        using var reader = new StreamReader(stream, System.Text.Encoding.ASCII);
        var table = new Dictionary<int, string>();
        var builder = new StringBuilder();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var fields = line.Split(' ');
            builder.Clear();
            for (var i = 1; i < fields.Length; i++)
            {
                builder.Append(char.ConvertFromUtf32(int.Parse(fields[i], NumberStyles.HexNumber, CultureInfo.InvariantCulture)));
            }

            table[int.Parse(fields[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture)] = builder.ToString();
        }

        return table.ToFrozenDictionary();
    }
}
