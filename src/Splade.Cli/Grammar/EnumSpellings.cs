using System.Text;
using Splade.Encoding;
using Splade.Retrieval.Hybrid;

namespace Splade.Cli.Grammar;

/// <summary>How the tool spells enum values, on the command line and in its output: lower-case words joined by hyphens
/// (<c>term-at-a-time</c>), or a shorter established name where there is one (<c>rrf</c>).</summary>
/// <remarks>A value is accepted as its spelling, its hyphenated member name or its member name in any case (<c>TermAtATime</c>, as
/// earlier releases took it); only the spelling is shown in help and written in output.</remarks>
internal static class EnumSpellings
{
    private static readonly Dictionary<Enum, string> Overrides = new()
    {
        [FusionMethod.ReciprocalRank] = "rrf",
        [QueryEncoding.Model] = "full",
        [QueryEncoding.BinaryBag] = "bag",
    };

    /// <summary>The spelling of <paramref name="value"/>.</summary>
    public static string Of<T>(T value)
        where T : struct, Enum => Overrides.TryGetValue(value, out var name) ? name : Hyphenate(value.ToString());

    /// <summary>The spellings of every value of <typeparamref name="T"/>, in declaration order.</summary>
    public static string[] All<T>()
        where T : struct, Enum => Array.ConvertAll(Enum.GetValues<T>(), Of);

    /// <summary>Reads a spelling (or a hyphenated or plain member name, any case); false for anything else, numbers included.</summary>
    public static bool TryParse<T>(string text, out T value)
        where T : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<T>())
        {
            var member = candidate.ToString();
            if (string.Equals(text, Of(candidate), StringComparison.OrdinalIgnoreCase)
                || string.Equals(text, Hyphenate(member), StringComparison.OrdinalIgnoreCase)
                || string.Equals(text, member, StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary><c>TermAtATime</c> to <c>term-at-a-time</c>, <c>ZScore</c> to <c>z-score</c>, <c>Float32</c> to <c>float32</c>.</summary>
    private static string Hyphenate(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0
                && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))))
            {
                builder.Append('-');
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }
}
